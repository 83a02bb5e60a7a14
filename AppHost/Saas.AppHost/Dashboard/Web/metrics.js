// Request rate, error rate and latency per service, queue depths and the webhook pipeline (GET /api/telemetry/metrics).
'use strict';

(() => {
  const { el } = dash;
  const number = value => (value ?? 0).toLocaleString();
  const empty = (columns, text) => [el('tr', {}, el('td', { colspan: columns, class: 'muted' }, text))];

  function service(s) {
    return el('tr', { 'data-resource': s.resource, class: s.errorRate > 0 ? 'warn' : null },
      el('td', {}, dash.chip(s.resource)),
      el('td', { class: 'num' }, number(s.requests)),
      el('td', { class: 'num' }, `${(s.requestRate ?? 0).toFixed(2)} req/s`),
      el('td', { class: `num${s.errorRate > 0 ? ' bad' : ''}` }, `${((s.errorRate ?? 0) * 100).toFixed(1)} %`),
      el('td', { class: 'num' }, dash.duration(s.p50Ms)),
      el('td', { class: 'num' }, dash.duration(s.p95Ms)));
  }

  function queue(q) {
    const alarming = q.isErrorQueue && q.messages > 0;
    return el('tr', { 'data-queue': q.name, class: q.isErrorQueue ? `error-queue${alarming ? ' bad' : ''}` : null },
      el('td', { class: 'mono' }, q.name, q.isErrorQueue ? el('span', { class: 'tag' }, 'error queue') : ''),
      el('td', { class: 'num' }, number(q.messages)),
      el('td', { class: 'num' }, number(q.consumers)));
  }

  async function load() {
    const metrics = await dash.api('/api/telemetry/metrics');
    const services = metrics.services || [];
    const queues = (metrics.queues || []).slice().sort((a, b) => (b.isErrorQueue - a.isErrorQueue) || a.name.localeCompare(b.name));
    const webhooks = metrics.webhooks || {};
    document.querySelector('#services tbody').replaceChildren(...(services.length ? services.map(service) : empty(6, 'no requests seen yet')));
    document.querySelector('#queues tbody').replaceChildren(...(queues.length ? queues.map(queue) : empty(3, 'no queue figures yet')));
    document.querySelector('#webhooks tbody').replaceChildren(el('tr', {},
      el('td', { class: 'num' }, number(webhooks.received)),
      el('td', { class: 'num' }, number(webhooks.processed)),
      el('td', { class: `num${webhooks.failed > 0 ? ' bad' : ''}` }, number(webhooks.failed))));
  }

  document.addEventListener('DOMContentLoaded', () => dash.refreshEvery(3000, load));
})();
