// field_errors.js - problem+json errors shown at their fields (the API names each
// wrong field as {veld, reden}); used by every form that sends data.
//
//   import { setFieldError, showErrors, clearErrors } from './field_errors.js';

import { h, clear, alert } from './dom.js';

// Shows `text` under the field of `input` (or removes it when text is empty), wired
// with aria-describedby/aria-invalid like dom.field() does at creation.
export function setFieldError(input, text) {
  const wrap = input.closest('.utrecht-form-field');
  const errId = `${input.id}-fout`;
  wrap.querySelector(`#${CSS.escape(errId)}`)?.remove();
  const described = (input.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== errId);
  if (text) {
    wrap.querySelector('.utrecht-form-field__input')
      .before(h('div.utrecht-form-field-error-message', { id: errId }, text));
    described.push(errId);
    input.setAttribute('aria-invalid', 'true');
    wrap.classList.add('utrecht-form-field--invalid');
  } else {
    input.removeAttribute('aria-invalid');
    wrap.classList.remove('utrecht-form-field--invalid');
  }
  if (described.length) input.setAttribute('aria-describedby', described.join(' '));
  else input.removeAttribute('aria-describedby');
}

// Puts every problem+json error next to its field; errors without a field go to
// `box` (with fallback(err) as the message). Focuses the first invalid field.
export function showErrors(err, inputs, box, fallback) {
  const rest = [];
  let first = null;
  for (const e of err.errors || []) {
    const input = inputs[e.veld];
    if (input) {
      setFieldError(input, `${e.reden.charAt(0).toUpperCase()}${e.reden.slice(1)}.`);
      first = first || input;
    } else rest.push(`${e.veld}: ${e.reden}`);
  }
  if (!first || rest.length) {
    box.append(alert('error', fallback(err), rest.length ? ` ${rest.join(' — ')}` : ''));
  }
  first?.focus();
}

export function clearErrors(inputs, box) {
  for (const input of Object.values(inputs)) setFieldError(input, '');
  clear(box);
}
