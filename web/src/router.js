// router.js - client-side routes over the History API. The server answers
// index.html for every path outside /api, so a bookmarked URL works.

const routes = [];
let renderFn = () => {};

// pattern like '/adressen/:id'; handler receives {params, query}
export function route(pattern, options) {
  const keys = [];
  const re = new RegExp(`^${pattern.replace(/:([a-z_]+)/g, (_, k) => {
    keys.push(k);
    return '([^/]+)';
  })}/?$`);
  routes.push({ pattern, re, keys, ...options });
}

export function match(pathname) {
  for (const r of routes) {
    const m = r.re.exec(pathname);
    if (m) {
      const params = {};
      r.keys.forEach((k, i) => { params[k] = decodeURIComponent(m[i + 1]); });
      return { route: r, params };
    }
  }
  return null;
}

export function allRoutes() {
  return routes;
}

export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  renderFn();
}

export function startRouter(render) {
  renderFn = render;
  window.addEventListener('popstate', render);
  // Same-origin links are handled here, so the page does not reload.
  document.addEventListener('click', (e) => {
    const a = e.target.closest('a[href]');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey
      || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    e.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
  render();
}
