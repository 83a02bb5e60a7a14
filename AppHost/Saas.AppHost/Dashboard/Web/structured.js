// Structured logs received over OTLP (GET /api/telemetry/logs), filtered by resource, level, text and trace id.
'use strict';

(() => {
  const { el } = dash;
  const filters = ['resource', 'level', 'text', 'traceId'];

  function attributes(entry) {
    const pairs = Object.entries(entry.attributes || {});
    const lines = [entry.category ? `category: ${entry.category}` : null, entry.spanId ? `span: ${entry.spanId}` : null]
      .concat(pairs.map(([k, v]) => `${k}: ${v}`)).filter(Boolean);
    return lines.join('\n');
  }

  function row(entry) {
    const trace = entry.traceId
      ? el('a', { href: `/traces/${encodeURIComponent(entry.traceId)}`, class: 'mono', 'data-trace-id': entry.traceId, title: entry.traceId },
        entry.traceId.slice(0, 12) + '…')
      : '';
    return el('tr', { class: `level-${(entry.level || '').toLowerCase()}` },
      el('td', { class: 'nowrap' }, dash.time(entry.timestamp)),
      el('td', {}, dash.chip(entry.resource)),
      el('td', { class: 'level' }, entry.level),
      el('td', { class: 'message', title: attributes(entry) }, entry.message),
      el('td', {}, trace));
  }

  async function load() {
    const [resources, logs] = await Promise.all([
      dash.api('/api/telemetry/resources'),
      dash.api(`/api/telemetry/logs?${dash.query(filters)}&limit=200`),
    ]);
    dash.fillSelect(document.getElementById('resource'), resources, 'all');
    const body = document.querySelector('#logs tbody');
    body.replaceChildren(...(logs.length ? logs.map(row) : [el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'no log entries match'))]));
  }

  document.addEventListener('DOMContentLoaded', () => {
    const refresh = dash.refreshEvery(3000, load);
    dash.bindQuery(filters, refresh);
  });
})();
