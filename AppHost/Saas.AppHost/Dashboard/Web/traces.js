// Recent traces (GET /api/telemetry/traces), newest first; each opens its waterfall.
'use strict';

(() => {
  const { el } = dash;
  const filters = ['resource', 'text'];

  function row(trace) {
    const href = `/traces/${encodeURIComponent(trace.traceId)}`;
    return el('tr', { 'data-trace-id': trace.traceId, class: trace.status === 'error' ? 'failed' : null },
      el('td', { class: 'nowrap' }, dash.time(trace.startTime)),
      el('td', {}, dash.chip(trace.rootResource), ' ', el('a', { href, class: 'root-name' }, trace.rootName)),
      el('td', { class: 'num' }, dash.duration(trace.durationMs)),
      el('td', {}, el('span', { class: `status-${trace.status}` }, trace.status)),
      el('td', { class: 'num' }, trace.spanCount),
      el('td', { class: 'resources' }, (trace.resources || []).map(dash.chip)),
      el('td', {}, el('a', { href, class: 'mono' }, trace.traceId.slice(0, 12) + '…')));
  }

  async function load() {
    const [resources, traces] = await Promise.all([
      dash.api('/api/telemetry/resources'),
      dash.api(`/api/telemetry/traces?${dash.query(filters)}&limit=100`),
    ]);
    dash.fillSelect(document.getElementById('resource'), resources, 'all');
    const body = document.querySelector('#traces tbody');
    body.replaceChildren(...(traces.length ? traces.map(row) : [el('tr', {}, el('td', { colspan: 7, class: 'muted' }, 'no traces match'))]));
  }

  document.addEventListener('DOMContentLoaded', () => {
    const refresh = dash.refreshEvery(3000, load);
    dash.bindQuery(filters, refresh);
  });
})();
