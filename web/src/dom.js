// dom.js - building DOM nodes without innerHTML (no markup from data, so no XSS),
// and the small Dutch formatters every screen uses.

// h('a.utrecht-link', {href: '/x', onclick: f}, 'text', child, [more])
// The tag may carry classes after dots. Attributes starting with "on" are
// listeners; `false`/`null`/`undefined` attributes and children are skipped.
export function h(tag, attrs, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name);
  if (classes.length) el.className = classes.join(' ');
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = [el.className, v].filter(Boolean).join(' ');
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

// ---- NL Design System building blocks ------------------------------------------------

// Class names are written out in full, never built from parts: the build keeps only
// the component styles whose class names appear in the sources (tools/purge_css.js).
const HEADING = {
  1: 'h1.nl-heading.nl-heading--level-1',
  2: 'h2.nl-heading.nl-heading--level-2',
  3: 'h3.nl-heading.nl-heading--level-3',
  4: 'h4.nl-heading.nl-heading--level-4',
  5: 'h5.nl-heading.nl-heading--level-5',
  6: 'h6.nl-heading.nl-heading--level-6',
};
const BUTTON = {
  'primary-action': 'button.utrecht-button.utrecht-button--primary-action',
  'secondary-action': 'button.utrecht-button.utrecht-button--secondary-action',
};
const ALERT = {
  info: 'div.utrecht-alert.utrecht-alert--info',
  ok: 'div.utrecht-alert.utrecht-alert--ok',
  warning: 'div.utrecht-alert.utrecht-alert--warning',
  error: 'div.utrecht-alert.utrecht-alert--error',
};

export function heading(level, text, attrs = {}) {
  return h(HEADING[level], attrs, text);
}

export function para(...children) {
  return h('p.nl-paragraph', ...children);
}

export function link(href, text, attrs = {}) {
  return h('a.nl-link', { href, ...attrs }, text);
}

// variant: 'primary-action' | 'secondary-action'
export function button(text, onclick, variant = 'secondary-action', attrs = {}) {
  return h(BUTTON[variant], { type: 'button', onclick, ...attrs }, text);
}

export function submit(text, variant = 'primary-action', attrs = {}) {
  return h(BUTTON[variant], { type: 'submit', ...attrs }, text);
}

// kind: 'info' | 'ok' | 'warning' | 'error'. Errors and confirmations are announced.
export function alert(kind, ...children) {
  const role = kind === 'error' ? 'alert' : 'status';
  return h(ALERT[kind], { role },
    h('div.utrecht-alert__content', h('div.utrecht-alert__message', ...children)));
}

let fieldSeq = 0;

// A labelled input with an optional description and error text, wired with
// aria-describedby so a screen reader reads them with the field.
export function field(label, input, { description, error, id } = {}) {
  const fid = id || input.id || `veld-${++fieldSeq}`;
  input.id = fid;
  const described = [];
  const parts = [h('div.utrecht-form-field__label', h('label.utrecht-form-label', { for: fid }, label))];
  if (description) {
    described.push(`${fid}-uitleg`);
    parts.push(h('div.utrecht-form-field-description', { id: `${fid}-uitleg` }, description));
  }
  if (error) {
    described.push(`${fid}-fout`);
    parts.push(h('div.utrecht-form-field-error-message', { id: `${fid}-fout` }, error));
    input.setAttribute('aria-invalid', 'true');
  }
  if (described.length) input.setAttribute('aria-describedby', described.join(' '));
  parts.push(h('div.utrecht-form-field__input', input));
  return h(`div.utrecht-form-field${error ? '.utrecht-form-field--invalid' : ''}`, parts);
}

export function textbox(attrs = {}) {
  return h('input.utrecht-textbox.utrecht-textbox--html-input', { type: 'text', ...attrs });
}

export function select(options, attrs = {}) {
  // options: [[value, label], ...]
  const el = h('select.utrecht-select.utrecht-select--html-select', attrs);
  for (const [value, label] of options) el.append(h('option', { value }, label));
  if (attrs.value !== undefined) el.value = attrs.value;
  return el;
}

export function textarea(attrs = {}) {
  return h('textarea.utrecht-textarea', attrs);
}

// A data table: columns [{label, cell: row => node|text, numeric}], with a caption.
// On a phone it shows as stacked rows (styles.css, .sl-stack). compact: a smaller
// text for a table of many narrow columns, so it fits a laptop's screen.
export function table(caption, columns, rows, { empty = 'Niets gevonden.', compact = false } = {}) {
  if (!rows.length) return para(empty);
  const th = (c) => h(`th.utrecht-table__header-cell${c.numeric ? '.utrecht-table__header-cell--numeric-column' : ''}`,
    { scope: 'col' }, c.label);
  const td = (c, r) => h(`td.utrecht-table__cell${c.numeric ? '.utrecht-table__cell--numeric-data' : ''}`, c.cell(r));
  return stackable(h('div.utrecht-table-container', h('table.utrecht-table.utrecht-table--html-table',
    { class: compact ? 'sl-table--compact' : null },
    caption ? h('caption.utrecht-table__caption', caption) : null,
    h('thead.utrecht-table__header', h('tr.utrecht-table__row', columns.map(th))),
    h('tbody.utrecht-table__body', rows.map((r) => h('tr.utrecht-table__row', columns.map((c) => td(c, r))))))));
}

// Makes a table container stack on a phone: each body cell carries its column's
// header as data-label, which the stacked layout shows above the value. Tables of
// one row per header cell only (no colspan). The explicit roles keep the table a
// table for screen readers in browsers that drop it when CSS changes its display.
export function stackable(container) {
  container.classList.add('sl-stack');
  const roles = { TABLE: 'table', THEAD: 'rowgroup', TBODY: 'rowgroup', TR: 'row', TD: 'cell' };
  for (const el of container.querySelectorAll('table, thead, tbody, tr, th, td')) {
    el.setAttribute('role', el.tagName === 'TH' ? (el.scope === 'row' ? 'rowheader' : 'columnheader') : roles[el.tagName]);
  }
  const heads = [...container.querySelectorAll('thead th')].map((el) => el.textContent.trim());
  for (const tr of container.querySelectorAll('tbody tr')) {
    [...tr.children].forEach((cell, i) => {
      if (cell.tagName === 'TD' && heads[i]) cell.dataset.label = heads[i];
    });
  }
  return container;
}

// A placeholder while a part loads: the words say so (a status for screen readers),
// and the grey bars keep room for what comes, so the page does not jump when it
// arrives (issue 17: a blank work queue, layout shift).
export function loading(text, { bars = 4 } = {}) {
  return h('div.sl-loading', { role: 'status' },
    h('p.nl-paragraph', text),
    Array.from({ length: bars }, () => h('div.sl-loading__bar', { 'aria-hidden': 'true' })));
}

// A definition list of [key, value] pairs.
export function dataList(pairs) {
  return h('dl.utrecht-data-list.utrecht-data-list--rows', pairs.filter(Boolean).map(([k, v]) =>
    h('div.utrecht-data-list__item',
      h('dt.utrecht-data-list__item-key', k),
      h('dd.utrecht-data-list__item-value.utrecht-data-list__item-value--html-dd', v ?? '–'))));
}

// ---- formatting ----------------------------------------------------------------------

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus',
  'september', 'oktober', 'november', 'december'];

// '2026-03-04' or an ISO timestamp -> '4 maart 2026' (timestamps add the time).
export function formatDate(iso) {
  if (!iso) return '–';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const d = `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  return m[4] ? `${d}, ${m[4]}:${m[5]}` : d;
}

export function formatNumber(n) {
  return n === null || n === undefined ? '–' : Number(n).toLocaleString('nl-NL');
}

// An amount as the API writes it, "6051.60" (decision 111), as "€ 6.051,60": rewritten
// from its digits, never through a float, so the cents shown are the cents delivered.
// A number (an older server's answer) is read with its two decimals.
export function formatEuro(v) {
  if (v === null || v === undefined || v === '') return '–';
  const text = typeof v === 'number' ? v.toFixed(2) : String(v);
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return text;
  const [, sign, euros, cents = ''] = m;
  const grouped = euros.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+$)/g, '.');
  // a no-break space, as Intl writes it: the sign never wraps away from the amount
  return `€\u00a0${sign}${grouped},${cents.padEnd(2, '0')}`;
}

export function yesNo(b) {
  return b === null || b === undefined ? 'onbekend' : b ? 'ja' : 'nee';
}

export function formatAddress(a) {
  if (!a) return '–';
  const nr = [a.huisnummer, a.huisletter || '', a.toevoeging ? `-${a.toevoeging}` : ''].join('');
  return `${a.straat} ${nr}, ${a.postcode.slice(0, 4)} ${a.postcode.slice(4)} ${a.woonplaats}`;
}

export function today() {
  return new Date().toISOString().slice(0, 10);
}

// '2027-04-13' -> 'dinsdag 13 april 2027' (a date, read as a calendar day everywhere).
export function formatDay(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!m) return formatDate(iso);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const day = ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'][d.getUTCDay()];
  return `${day} ${formatDate(iso)}`;
}

// Whole days from one date to another ('2027-04-13', '2027-04-15' -> 2).
export function daysBetween(a, b) {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}
