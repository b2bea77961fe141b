// api.js - the one way screens talk to /api/v1: JSON in and out, the session's
// CSRF token on every change, problem+json turned into an ApiError with Dutch text.

const BASE = '/api/v1';
const CSRF_KEY = 'samenloop.csrf';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `Fout ${status}`);
    this.status = status;
    this.title = problem?.title || 'Er ging iets mis';
    this.detail = problem?.detail || '';
    this.errors = problem?.errors || [];
  }

  // One line for an alert: the detail, then every field error.
  describe() {
    const parts = [this.detail || this.title];
    for (const e of this.errors) parts.push(`${e.veld}: ${e.reden}`);
    return parts.filter(Boolean).join(' — ');
  }
}

// The CSRF token lives in sessionStorage: it survives a reload of the tab but not
// closing it, and the cookie it pairs with is HttpOnly (docs/decisions.md).
export function setCsrf(token) {
  if (token) sessionStorage.setItem(CSRF_KEY, token);
  else sessionStorage.removeItem(CSRF_KEY);
}

let onExpired = () => {};
export function onSessionExpired(fn) {
  onExpired = fn;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function request(method, path, { params, body, ifMatch, raw, form } = {}) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin' };
  if (method !== 'GET') {
    const csrf = sessionStorage.getItem(CSRF_KEY);
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  if (ifMatch) headers['If-Match'] = ifMatch;
  if (form !== undefined) {
    init.body = form; // raw upload (a delivery file)
    headers['Content-Type'] = 'text/csv';
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(BASE + path + query(params), init);
  } catch {
    throw new ApiError(0, { title: 'Geen verbinding', detail: 'De server is niet bereikbaar. Probeer het later opnieuw.' });
  }
  if (res.status === 401 && path !== '/sessies') {
    // read the answer to its end: a body left unread keeps the request open (in
    // Chromium's network log too, where Lighthouse waited 45 s for it on the login page)
    await res.text().catch(() => {});
    onExpired();
    throw new ApiError(401, { title: 'Niet ingelogd', detail: 'Uw sessie is verlopen. Log opnieuw in.' });
  }
  if (!res.ok) {
    let problem = null;
    try {
      problem = await res.json();
    } catch {
      /* not JSON: keep the status only */
    }
    throw new ApiError(res.status, problem);
  }
  if (raw) return res;
  const data = res.status === 204 ? null : await res.json();
  return { data, etag: res.headers.get('ETag') };
}

export const api = {
  get: async (path, params) => (await request('GET', path, { params })).data,
  getWithEtag: (path, params) => request('GET', path, { params }),
  post: async (path, body, opts = {}) => (await request('POST', path, { body, ...opts })).data,
  patch: (path, body, ifMatch) => request('PATCH', path, { body, ifMatch }),
  put: async (path, body, ifMatch) => (await request('PUT', path, { body, ifMatch })).data,
  putWithEtag: (path, body, ifMatch) => request('PUT', path, { body, ifMatch }),
  del: async (path) => (await request('DELETE', path)).data,
  upload: async (path, file, params) => (await request('POST', path, { form: file, params })).data,
  raw: (path, params) => request('GET', path, { params, raw: true }),
  // a change that answers with the new ETag: {data, etag}
  change: (method, path, body, ifMatch) => request(method, path, { body, ifMatch }),
};

// Every page of a paged list ({items, pagina, per_pagina, totaal}), up to `max` items.
export async function allPages(path, params = {}, max = 5000) {
  const items = [];
  for (let pagina = 1; ; pagina++) {
    const page = await api.get(path, { ...params, pagina, perPagina: 500 });
    items.push(...page.items);
    if (items.length >= page.totaal || !page.items.length || items.length >= max) {
      return { items, totaal: page.totaal };
    }
  }
}
