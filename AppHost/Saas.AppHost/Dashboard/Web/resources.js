// The resources table, kept current by GET /api/resources/stream (server-sent events), with stop/start/restart.
'use strict';

(() => {
  const { el } = dash;
  const rows = new Map();
  const snapshots = new Map();

  function cell(row, name) { return row.querySelector(`[data-field="${name}"]`); }

  function endpoint(url) {
    if (!url) return '–';
    return /^https?:\/\//.test(url) ? el('a', { href: url, target: '_blank', rel: 'noopener' }, url) : url;
  }

  function uptime(snapshot) {
    if (!snapshot.startedAt || !['running', 'unhealthy', 'starting'].includes(snapshot.state)) return '–';
    return dash.span(Math.max(0, (Date.now() - new Date(snapshot.startedAt).getTime()) / 1000));
  }

  /** "200 from /health: {json}" → "200 Healthy", or the failing checks; the whole answer stays in the tooltip. */
  function healthSummary(health) {
    if (!health) return '–';
    const answer = /^(\d{3}) from \S+: (\{.*)$/s.exec(health);
    if (!answer) return health;
    try {
      const report = JSON.parse(answer[2]);
      const failing = Object.entries(report.checks || report.services || {})
        .filter(([, check]) => check && check.status && check.status !== 'Healthy')
        .map(([name, check]) => `${name}: ${check.description || check.status}`);
      return [`${answer[1]} ${report.status || ''}`.trim(), ...failing].join(' — ');
    } catch {
      // The AppHost keeps only the first 300 characters of an answer: fall back to its overall status.
      const status = /"status":"(\w+)"/.exec(answer[2]);
      return status ? `${answer[1]} ${status[1]}` : health;
    }
  }

  async function command(name, verb) {
    if (verb === 'stop' && !confirm(`Stop ${name}? It stays stopped until you start it again.`)) return;
    dash.status(`${verb} ${name}…`);
    try {
      await dash.api(`/api/resources/${encodeURIComponent(name)}/${verb}`, { method: 'POST' });
      dash.status('');
    } catch (error) {
      dash.status(`${verb} ${name}: ${error.message}`, true);
    }
  }

  function createRow(name) {
    const actions = ['stop', 'start', 'restart'].map(verb =>
      el('button', { type: 'button', 'data-action': verb, onclick: () => command(name, verb) }, verb[0].toUpperCase() + verb.slice(1)));
    const row = el('tr', { 'data-resource': name },
      el('td', { 'data-field': 'name' }, el('a', { href: `/logs/${encodeURIComponent(name)}`, title: 'console logs' }, name)),
      el('td', { 'data-field': 'type' }),
      el('td', {}, el('span', { 'data-field': 'state', class: 'state' })),
      el('td', { 'data-field': 'health', class: 'health' }),
      el('td', { 'data-field': 'pid', class: 'num' }),
      el('td', { 'data-field': 'url' }),
      el('td', { 'data-field': 'uptime', class: 'num' }),
      el('td', { 'data-field': 'restarts', class: 'num' }),
      el('td', { 'data-field': 'actions', class: 'actions' }, actions));
    document.querySelector('#resources tbody').append(row);
    return row;
  }

  function show(snapshot) {
    snapshots.set(snapshot.name, snapshot);
    const row = rows.get(snapshot.name) || createRow(snapshot.name);
    rows.set(snapshot.name, row);
    row.dataset.state = snapshot.state;
    cell(row, 'type').textContent = snapshot.type;
    const state = cell(row, 'state');
    state.textContent = snapshot.state;
    state.dataset.state = snapshot.state;
    cell(row, 'health').textContent = healthSummary(snapshot.health);
    cell(row, 'health').title = snapshot.health || '';
    cell(row, 'pid').textContent = snapshot.pid ?? '–';
    cell(row, 'url').replaceChildren(endpoint(snapshot.url));
    cell(row, 'uptime').textContent = uptime(snapshot);
    cell(row, 'restarts').textContent = snapshot.restarts;
    const busy = ['starting', 'restarting'].includes(snapshot.state);
    for (const button of row.querySelectorAll('button[data-action]')) {
      const verb = button.dataset.action;
      button.disabled = snapshot.managed === false
        || (verb === 'start' && snapshot.state !== 'stopped' && snapshot.state !== 'exited')
        || (verb === 'stop' && snapshot.state === 'stopped')
        || (verb === 'restart' && busy);
      button.title = snapshot.managed === false ? 'configured externally: the AppHost does not start or stop it' : '';
    }
  }

  function connect() {
    const live = document.getElementById('live');
    const source = new EventSource('/api/resources/stream');
    source.onopen = () => { live.textContent = 'live'; live.className = 'live on'; };
    source.onmessage = event => show(JSON.parse(event.data));
    source.onerror = () => {
      live.textContent = 'reconnecting…';
      live.className = 'live off';
      // A lost session answers 401, which EventSource cannot show: ask the API once to find out.
      dash.api('/api/resources').catch(() => {});
    };
  }

  document.addEventListener('DOMContentLoaded', () => {
    connect();
    setInterval(() => {
      for (const [name, snapshot] of snapshots) cell(rows.get(name), 'uptime').textContent = uptime(snapshot);
    }, 1000);
  });
})();
