// A resource's console output, live (GET /api/resources/{name}/logs/stream), filtered by the search box.
'use strict';

(() => {
  const { el } = dash;
  const maxLines = 5000;
  const name = decodeURIComponent(location.pathname.split('/')[2] || '');
  let total = 0;

  function matches(line, text) { return !text || line.dataset.text.includes(text); }

  function applySearch() {
    const text = document.getElementById('search').value.trim().toLowerCase();
    let shown = 0;
    for (const line of document.getElementById('lines').children) {
      const visible = matches(line, text);
      line.hidden = !visible;
      if (visible) shown++;
    }
    document.getElementById('count').textContent = text ? `${shown} of ${total} lines match` : `${total} lines`;
  }

  function append(entry) {
    const box = document.getElementById('lines');
    const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 8;
    const line = el('div', { class: entry.isError ? 'line err' : 'line' },
      el('span', { class: 'ts' }, dash.time(entry.timestamp)), ' ', entry.text);
    line.dataset.text = entry.text.toLowerCase();
    const text = document.getElementById('search').value.trim().toLowerCase();
    line.hidden = !matches(line, text);
    box.append(line);
    total++;
    if (box.children.length > maxLines) { box.firstElementChild.remove(); total--; }
    if (atBottom) box.scrollTop = box.scrollHeight;
  }

  async function fillResources() {
    const select = document.getElementById('resource');
    const resources = await dash.api('/api/resources');
    select.replaceChildren(el('option', { value: '' }, 'choose a resource…'),
      ...resources.map(r => el('option', { value: r.name }, r.name)));
    select.value = name;
    select.addEventListener('change', () => { if (select.value) location.href = `/logs/${encodeURIComponent(select.value)}`; });
    if (!name && resources.length) location.replace(`/logs/${encodeURIComponent(resources[0].name)}`);
  }

  function follow() {
    const live = document.getElementById('live');
    document.getElementById('download').href = `/api/resources/${encodeURIComponent(name)}/logs/download`;
    const source = new EventSource(`/api/resources/${encodeURIComponent(name)}/logs/stream`);
    source.onopen = () => {
      // A reconnect replays the kept lines: start over instead of showing them twice.
      document.getElementById('lines').replaceChildren();
      total = 0;
      live.textContent = 'live';
      live.className = 'live on';
    };
    source.onmessage = event => { append(JSON.parse(event.data)); applyCount(); };
    source.onerror = () => { live.textContent = 'reconnecting…'; live.className = 'live off'; };
  }

  let countPending = false;
  function applyCount() {
    if (countPending) return;
    countPending = true;
    requestAnimationFrame(() => { countPending = false; applySearch(); });
  }

  document.addEventListener('DOMContentLoaded', async () => {
    document.getElementById('search').addEventListener('input', applySearch);
    try {
      await fillResources();
    } catch (error) {
      dash.status(error.message, true);
    }
    if (name) follow();
  });
})();
