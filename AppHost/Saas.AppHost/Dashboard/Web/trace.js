// One trace (GET /api/telemetry/traces/{id}) as a waterfall: bars offset by start time, as wide as the span lasted,
// indented under their parent and coloured by the resource that sent them.
'use strict';

(() => {
  const { el } = dash;
  const traceId = decodeURIComponent(location.pathname.split('/')[2] || '');

  /** Depth-first, children by start time; a span whose parent never arrived starts its own branch. */
  function ordered(spans) {
    const ids = new Set(spans.map(s => s.spanId));
    const children = new Map();
    const roots = [];
    for (const span of spans) {
      if (span.parentSpanId && ids.has(span.parentSpanId)) {
        if (!children.has(span.parentSpanId)) children.set(span.parentSpanId, []);
        children.get(span.parentSpanId).push(span);
      } else {
        roots.push(span);
      }
    }
    const byStart = (a, b) => new Date(a.startTime) - new Date(b.startTime);
    const result = [];
    const visit = (span, depth) => {
      result.push({ span, depth });
      for (const child of (children.get(span.spanId) || []).sort(byStart)) visit(child, depth + 1);
    };
    roots.sort(byStart).forEach(root => visit(root, 0));
    return result;
  }

  function details(span) {
    const section = document.getElementById('details');
    const attributes = Object.entries(span.attributes || {});
    section.hidden = false;
    section.replaceChildren(
      el('h2', {}, span.name),
      el('p', {}, dash.chip(span.resource), ` ${span.kind} · ${dash.duration(span.durationMs)} · status ${span.status}`,
        span.statusMessage ? ` — ${span.statusMessage}` : ''),
      el('table', { class: 'grid compact' },
        el('tbody', {},
          el('tr', {}, el('th', {}, 'span id'), el('td', { class: 'mono' }, span.spanId)),
          el('tr', {}, el('th', {}, 'parent'), el('td', { class: 'mono' }, span.parentSpanId || '(root)')),
          el('tr', {}, el('th', {}, 'start'), el('td', { class: 'mono' }, span.startTime)),
          attributes.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', { class: 'mono' }, String(v)))),
          (span.events || []).map(e => el('tr', {}, el('th', {}, 'event'), el('td', {}, `${dash.time(e.time)} ${e.name}`))))));
  }

  /** The duration beside its bar: after it, before it, or inside it when the bar fills the track. */
  function label(span, offset, width) {
    const text = dash.duration(span.durationMs);
    if (offset + width <= 85) return el('span', { class: 'wf-label', style: { left: `${offset + width}%` } }, text);
    if (offset >= 15) return el('span', { class: 'wf-label before', style: { right: `${100 - offset}%` } }, text);
    return el('span', { class: 'wf-label inside', style: { left: `${offset}%` } }, text);
  }

  function render(trace) {
    const spans = trace.spans || [];
    const start = Math.min(...spans.map(s => new Date(s.startTime).getTime()));
    const end = Math.max(...spans.map(s => new Date(s.startTime).getTime() + s.durationMs));
    const total = Math.max(end - start, 0.001);
    const resources = [...new Set(spans.map(s => s.resource))];
    document.getElementById('summary').textContent =
      `${spans.length} spans from ${resources.join(', ')} · ${dash.duration(end - start)} · started ${new Date(start).toLocaleString()}`;
    document.getElementById('scale').textContent = `Timeline (0 – ${dash.duration(total)})`;
    const waterfall = document.getElementById('waterfall');
    for (const { span, depth } of ordered(spans)) {
      const offset = (new Date(span.startTime).getTime() - start) / total * 100;
      const width = Math.max(span.durationMs / total * 100, 0.3);
      const bar = el('div', {
        class: `bar${span.status === 'error' ? ' error' : ''}`,
        style: { left: `${offset}%`, width: `${Math.min(width, 100 - offset)}%`, background: dash.colour(span.resource) },
        title: `${span.name} — ${dash.duration(span.durationMs)}`,
      });
      const row = el('div', {
        class: 'wf-row', role: 'button', tabindex: 0, 'data-span-id': span.spanId, 'data-resource': span.resource,
        'data-depth': depth, onclick: () => details(span),
      },
      el('span', { class: 'wf-name', style: { paddingLeft: `${depth * 18}px` }, title: span.name },
        el('span', { class: 'kind' }, span.kind), ' ', span.name),
      el('span', {}, dash.chip(span.resource)),
      el('span', { class: 'wf-track' }, bar, label(span, offset, width)));
      waterfall.append(row);
    }
  }

  document.addEventListener('DOMContentLoaded', async () => {
    document.getElementById('trace-id').textContent = traceId;
    document.getElementById('trace-logs').href = `/structured?traceId=${encodeURIComponent(traceId)}`;
    try {
      render(await dash.api(`/api/telemetry/traces/${encodeURIComponent(traceId)}`));
    } catch (error) {
      dash.status(error.message, true);
    }
  });
})();
