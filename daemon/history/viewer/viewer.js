'use strict';
// Part 3: live tabs, sessions, filters, export, and the polling loop.

function fillTypes() {
  const select = $('type');
  const have = new Set([...select.options].map((o) => o.value));
  for (const t of [...state.types].sort()) {
    if (!have.has(t)) select.append(new Option(t, t, false, t === state.type));
  }
  select.value = state.type;
}

async function latestFrame(tabId) {
  const page = await get('/history/actions' + qs({ session_id: state.current, tab_id: tabId, limit: 10 }));
  const a = page.actions.find((x) => x.screenshot_after_path);
  return a ? shotUrl(a.id, 'after') : null;
}

async function refreshTabs() {
  const tabs = await get('/tabs');
  const list = $('tabs');
  const items = [];
  for (const t of tabs) {
    const li = el('li', [t.active ? 'active' : '', t.id === state.tab ? 'chosen' : ''].join(' ').trim());
    li.dataset.tabId = t.id;
    li.title = 'Show only this tab\'s actions';
    li.append(el('div', 'title', t.title || '(untitled)'), el('div', 'url', t.url));
    if (!state.disabled) {
      const src = await latestFrame(t.id).catch(() => null);
      if (src) { const img = el('img'); img.alt = `latest frame of ${t.title || t.id}`; img.src = src; li.append(img); }
    }
    li.addEventListener('click', () => choose({ tab: state.tab === t.id ? '' : t.id }));
    items.push(li);
  }
  list.replaceChildren(...items);
  const select = $('tab');
  const known = new Set([...select.options].map((o) => o.value));
  for (const t of tabs) if (!known.has(t.id)) select.append(new Option(`${shortId(t.id)} ${t.title || t.url}`, t.id));
  if (state.tab && !known.has(state.tab) && !tabs.some((t) => t.id === state.tab)) select.append(new Option(shortId(state.tab), state.tab));
  select.value = state.tab;
}

async function loadSessions() {
  const [current, list] = await Promise.all([get('/history/sessions/current'), get('/history/sessions?limit=100')]);
  state.current = current.id;
  if (!state.session) state.session = current.id;
  const select = $('session');
  select.replaceChildren(...list.sessions.map((s) => new Option(
    `${new Date(s.start_time).toLocaleString()}${s.id === current.id ? ' (current)' : s.end_time ? '' : ' (active)'}`, s.id)));
  select.value = state.session;
  updateExport();
}

function updateExport() {
  const link = $('export');
  link.href = `${API}/history/sessions/${encodeURIComponent(state.session)}/export?include_screenshots=false&chunk_size=5000`;
  link.download = `abpd-session-${state.session}.json`;
}

/** Every chunk of the export, screenshots included, saved as one JSON file. */
async function exportAll() {
  const out = { session: null, actions: [], events: [] };
  let cursors = {};
  for (let i = 0; i < 10000; i += 1) {
    setStatus(`exporting… ${out.actions.length} actions`);
    const chunk = await get(`/history/sessions/${encodeURIComponent(state.session)}/export` + qs({ chunk_size: 500, ...cursors }));
    out.session = chunk.session;
    out.actions.push(...chunk.actions);
    out.events.push(...chunk.events);
    if (chunk.export_complete) break;
    cursors = { actions_cursor: chunk.next_actions_cursor, events_cursor: chunk.next_events_cursor };
  }
  const a = el('a');
  a.href = URL.createObjectURL(new Blob([JSON.stringify(out)], { type: 'application/json' }));
  a.download = `abpd-session-${state.session}-full.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

function choose(change) {
  Object.assign(state, change);
  const q = new URLSearchParams();
  if (state.session && state.session !== state.current) q.set('session', state.session);
  if (state.tab) q.set('tab', state.tab);
  if (state.type) q.set('type', state.type);
  history.replaceState(null, '', location.pathname + (q.toString() ? `?${q}` : ''));
  if ('session' in change) { state.events.clear(); state.eventsCursor = null; updateExport(); }
  $('tab').value = state.tab;
  refreshTabs().catch(() => undefined);
  loadTimeline().then(() => pollEvents()).catch(report);
}

function report(err) {
  if (err && err.code === 'HISTORY_DISABLED') {
    state.disabled = true;
    showBanner(`History: ${err.message}`);
  } else {
    setStatus(`error: ${err && err.message}`);
  }
}

function every(ms, fn) {
  const tick = async () => {
    try { await fn(); } catch (err) { report(err); }
    setTimeout(tick, ms);
  };
  setTimeout(tick, ms);
}

async function main() {
  $('session').addEventListener('change', (e) => choose({ session: e.target.value }));
  $('tab').addEventListener('change', (e) => choose({ tab: e.target.value }));
  $('type').addEventListener('change', (e) => choose({ type: e.target.value }));
  $('older').addEventListener('click', () => loadOlder().catch(report));
  $('export-all').addEventListener('click', () => exportAll().then(() => setStatus('export saved')).catch(report));
  fillTypes();
  try {
    await loadSessions();
    await pollEvents();
    await loadTimeline();
  } catch (err) { report(err); }
  await refreshTabs().catch(report);
  every(POLL_MS, async () => {
    if (state.disabled) return;
    await pollEvents();
    await pollActions();
    setStatus(`live · updated ${clock(Date.now())}`);
  });
  every(TABS_MS, refreshTabs);
}

main();
