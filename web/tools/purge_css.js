// purge_css.js - a PostCSS plugin, run by Vite at build time on the one stylesheet
// main.js imports (tokens, components and our own styles, inlined by Vite's @import):
// it drops the rules of the component library that no screen uses and the design
// tokens nothing refers to, so a phone downloads what it draws (issue 17; the whole
// library was 438 KB).
//
// "Used" is read from the sources: every word in web/src and index.html that could
// be a class name. A class built from a template (`utrecht-button--${variant}`)
// leaves the prefix `utrecht-button--`, which keeps every class that starts with it.
// Deliberately simple and on the safe side: a selector is dropped only when it
// needs a class that appears nowhere in the sources.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function filesUnder(dir, ext) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return filesUnder(p, ext);
    return ext.some((e) => name.endsWith(e)) ? [p] : [];
  });
}

// Every word made of class-name characters, and the prefixes a template leaves.
export function wordsIn(texts) {
  const words = new Set();
  const prefixes = [];
  for (const text of texts) {
    for (const w of text.match(/[A-Za-z0-9_-]+/g) || []) {
      words.add(w);
      if (w.endsWith('-') && w.length >= 4 && /[a-z]/.test(w)) prefixes.push(w);
    }
  }
  return { has: (cls) => words.has(cls) || prefixes.some((p) => cls.startsWith(p)) };
}

// Splits `a, b` at the commas outside parentheses.
function splitTop(list) {
  const out = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(list.slice(start, i));
      start = i + 1;
    }
  }
  out.push(list.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

// Whether a selector can match an element of our pages: each class it needs is used.
// Inside :not() nothing is needed; inside :is(), :where() and :has() one of the
// alternatives must be possible.
export function possible(selector, used) {
  let rest = '';
  for (let i = 0; i < selector.length; i++) {
    const m = /^:(not|is|where|has|matches)\(/.exec(selector.slice(i));
    if (!m) {
      rest += selector[i];
      continue;
    }
    let depth = 1;
    let j = i + m[0].length;
    for (; j < selector.length && depth; j++) {
      if (selector[j] === '(') depth++;
      else if (selector[j] === ')') depth--;
    }
    const inner = selector.slice(i + m[0].length, j - 1);
    if (m[1] !== 'not' && !splitTop(inner).some((alt) => possible(alt.replace(/^[>+~]\s*/, ''), used))) return false;
    i = j - 1;
  }
  // attribute selectors may name classes as text: they are not checked
  const bare = rest.replace(/\[[^\]]*\]/g, '');
  for (const m of bare.matchAll(/\.((?:[A-Za-z0-9_-]|\\.)+)/g)) {
    if (m[1].includes('\\')) continue; // an escaped name: keep to be safe
    if (!used.has(m[1])) return false;
  }
  return true;
}

const VAR = /var\(\s*(--[A-Za-z0-9_-]+)/g;

// Drops custom properties that no kept declaration refers to, directly or through
// another custom property.
function dropUnusedTokens(root, extraRefs) {
  const defs = new Map(); // name -> [decl]
  const needed = new Set(extraRefs);
  const queue = [...extraRefs];
  root.walkDecls((d) => {
    if (d.prop.startsWith('--')) {
      if (!defs.has(d.prop)) defs.set(d.prop, []);
      defs.get(d.prop).push(d);
    } else {
      for (const m of d.value.matchAll(VAR)) queue.push(m[1]);
    }
  });
  while (queue.length) {
    const name = queue.pop();
    if (needed.has(name) && !extraRefs.includes(name)) continue;
    needed.add(name);
    for (const d of defs.get(name) || []) {
      for (const m of d.value.matchAll(VAR)) if (!needed.has(m[1])) queue.push(m[1]);
    }
  }
  for (const [name, decls] of defs) if (!needed.has(name)) for (const d of decls) d.remove();
}

function dropEmpty(root) {
  root.walk((node) => {
    if ((node.type === 'rule' || node.type === 'atrule') && node.nodes && !node.nodes.some((n) => n.type !== 'comment')) {
      node.remove();
    }
  });
}

// options: {root: the web/ directory}
export default function purgeCss({ root }) {
  return {
    postcssPlugin: 'samenloop-purge-css',
    OnceExit(css) {
      const sources = [...filesUnder(join(root, 'src'), ['.js']), join(root, 'index.html')]
        .map((f) => readFileSync(f, 'utf8'));
      const used = wordsIn(sources);
      // custom properties the scripts read or set themselves
      const scriptRefs = sources.flatMap((s) => [...s.matchAll(/(--[a-z][A-Za-z0-9_-]+)/g)].map((m) => m[1]));
      css.walkRules((rule) => {
        if (rule.parent?.type === 'atrule' && /keyframes$/i.test(rule.parent.name)) return;
        const keep = rule.selectors.filter((s) => possible(s, used));
        if (!keep.length) rule.remove();
        else if (keep.length !== rule.selectors.length) rule.selectors = keep;
      });
      dropUnusedTokens(css, scriptRefs);
      dropEmpty(css);
    },
  };
}
purgeCss.postcss = true;
