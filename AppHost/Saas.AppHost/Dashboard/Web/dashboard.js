// Shared by every dashboard page: the nav, fetching the JSON APIs, building elements and formatting.
'use strict';

const dash = (() => {
  const pages = [
    ['resources', '/', 'Resources'],
    ['console', '/logs', 'Console logs'],
    ['structured', '/structured', 'Structured logs'],
    ['traces', '/traces', 'Traces'],
    ['metrics', '/metrics', 'Metrics'],
  ];

  /** el('td', { class: 'x', href: '/y' }, 'text', child) — text is always set as text, never parsed as HTML. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (key === 'style' && typeof value === 'object') Object.assign(node.style, value);
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function renderNav() {
    const current = document.body.dataset.page;
    const nav = el('nav', { class: 'top' },
      el('span', { class: 'brand' }, 'Saas AppHost'),
      pages.map(([id, href, label]) => el('a', { href, class: id === current ? 'active' : null }, label)),
      el('form', { method: 'post', action: '/logout', class: 'logout' }, el('button', { type: 'submit', class: 'link' }, 'Sign out')));
    document.body.prepend(nav);
  }

  /** GET (or POST) a JSON API of this dashboard; a lost session goes back to the login page. */
  async function api(path, options) {
    const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' }, ...options });
    if (response.status === 401) {
      location.href = '/login?returnUrl=' + encodeURIComponent(location.pathname + location.search);
      throw new Error('signed out');
    }
    const body = await response.text();
    const json = body ? JSON.parse(body) : null;
    if (!response.ok) throw new Error((json && json.error) || `${response.status} from ${path}`);
    return json;
  }

  /** Runs load() now and every `ms`, showing its failure in the page's status line instead of stopping. */
  function refreshEvery(ms, load) {
    let timer = null;
    const run = async () => {
      try {
        await load();
        status('');
      } catch (error) {
        status(error.message, true);
      }
      timer = setTimeout(run, ms);
    };
    run();
    return () => { clearTimeout(timer); run(); };
  }

  function status(text, isError) {
    const line = document.getElementById('status');
    if (!line) return;
    line.textContent = text;
    line.classList.toggle('error', !!isError);
  }

  function duration(ms) {
    if (ms === null || ms === undefined) return '–';
    if (ms < 1) return `${ms.toFixed(2)} ms`;
    if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
    if (ms < 60000) return `${(ms / 1000).toFixed(2)} s`;
    return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
  }

  function span(seconds) {
    if (seconds < 60) return `${Math.floor(seconds)} s`;
    if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.floor(seconds % 60)} s`;
    return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  }

  function time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return d.toLocaleTimeString([], { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
  }

  // A fixed colour per resource name, the same on every page.
  const palette = ['#2f6fdf', '#d9480f', '#2b8a3e', '#ae3ec9', '#e67700', '#0c8599', '#c2255c', '#5c7cfa', '#66a80f', '#862e9c'];
  function colour(resource) {
    let hash = 0;
    for (const c of resource || '') hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
    return palette[hash % palette.length];
  }

  function chip(resource) {
    return el('span', { class: 'chip', style: { borderColor: colour(resource), color: colour(resource) } }, resource || '?');
  }

  /** Keeps filter inputs and the address bar's query string in step, so a filtered view can be linked to. */
  function bindQuery(ids, onChange) {
    const params = new URLSearchParams(location.search);
    for (const id of ids) {
      const input = document.getElementById(id);
      if (params.has(id)) input.value = params.get(id);
      input.addEventListener(input.tagName === 'SELECT' ? 'change' : 'input', () => {
        const next = new URLSearchParams();
        for (const other of ids) {
          const value = document.getElementById(other).value.trim();
          if (value) next.set(other, value);
        }
        history.replaceState(null, '', next.toString() ? `${location.pathname}?${next}` : location.pathname);
        onChange();
      });
    }
  }

  function query(ids) {
    const params = new URLSearchParams();
    for (const id of ids) {
      const value = document.getElementById(id).value.trim();
      if (value) params.set(id, value);
    }
    return params.toString();
  }

  /** Fills a <select> with names, keeping the current choice and a first "all" option. */
  function fillSelect(select, names, allLabel) {
    const chosen = select.value || new URLSearchParams(location.search).get(select.id) || '';
    const wanted = [''].concat(names);
    if (select.options.length === wanted.length && [...select.options].every((o, i) => o.value === wanted[i])) return;
    select.replaceChildren(...wanted.map(name => el('option', { value: name }, name || allLabel)));
    select.value = wanted.includes(chosen) ? chosen : '';
  }

  document.addEventListener('DOMContentLoaded', renderNav);
  return { el, api, refreshEvery, status, duration, span, time, colour, chip, bindQuery, query, fillSelect };
})();
