// The build's CSS purge (web/tools/purge_css.js): which selectors it may drop. It
// must never drop a rule a screen needs, so the cases on the safe side matter most.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { possible, wordsIn } from '../../web/tools/purge_css.js';

const used = wordsIn([
  "h('button.utrecht-button.utrecht-button--primary-action', 'x')",
  "h(`td.sl-heat__cell sl-heat--${n}`)",
  '<body class="rhc-theme">',
]);

test('a selector is kept when every class it needs is in the sources', () => {
  assert.equal(possible('.utrecht-button--primary-action:hover', used), true);
  assert.equal(possible('.rhc-theme .utrecht-button', used), true);
  assert.equal(possible('button', used), true, 'no class: kept');
  assert.equal(possible('[class*=utrecht-unknown]', used), true, 'attribute selectors are not read');
});

test('a class built from a template keeps every class with its prefix', () => {
  assert.equal(possible('.sl-heat--3', used), true);
  assert.equal(possible('.sl-heat--4 .utrecht-button', used), true);
});

test('a selector that needs an unused class is dropped', () => {
  assert.equal(possible('.utrecht-button--subtle', used), false);
  assert.equal(possible('.utrecht-button.utrecht-accordion', used), false);
});

test(':not() needs nothing; :is(), :where() and :has() need one possible alternative', () => {
  assert.equal(possible('.utrecht-button:not(.utrecht-button--subtle)', used), true);
  assert.equal(possible('.utrecht-button:is(.utrecht-accordion, .rhc-theme)', used), true);
  assert.equal(possible('.utrecht-button:where(.utrecht-accordion)', used), false);
  assert.equal(possible('.utrecht-button:has(+.utrecht-accordion)', used), false);
  assert.equal(possible('.utrecht-button:has(+ .utrecht-button--primary-action)', used), true);
});

test('an escaped class name is kept, to be safe', () => {
  assert.equal(possible('.sm\\:hidden', used), true);
});
