'use strict';
// The session viewer: reads the history API (same origin) and follows it live by polling with the
// cursors it returns. Everything the page shows is set as text, never as markup.
const API = '/api/v1';
const POLL_MS = 1000;
const TABS_MS = 3000;
const KNOWN_TYPES = ['navigate', 'reload', 'back', 'forward', 'click', 'move', 'scroll', 'drag', 'type', 'key_press',
  'key_down', 'key_up', 'clear_text', 'screenshot', 'execute', 'wait', 'wait_for_network', 'batch',
  'create_tab', 'close_tab', 'activate_tab', 'stop_loading'];

const $ = (id) => document.getElementById(id);
const url = new URLSearchParams(location.search);
const state = {
  session: url.get('session') || '', current: '', tab: url.get('tab') || '', type: url.get('type') || '',
  newest: null, oldest: null, eventsCursor: null, generation: 0, loading: false, eventsBusy: null, disabled: false,
  cards: new Map(), events: new Map(), types: new Set(KNOWN_TYPES),
};

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function qs(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function get(path) {
  const r = await fetch(API + path, { cache: 'no-store' });
  const body = await r.json().catch(() => null);
  if (!r.ok || !body || body.success === false) {
    const err = new Error((body && (body.message || body.error)) || `HTTP ${r.status}`);
    err.code = body && body.error;
    throw err;
  }
  return body.success === true ? body.data : body;
}

const shortId = (id) => (id ? String(id).slice(0, 8) : '—');
const clock = (ms) => new Date(ms).toLocaleTimeString(undefined, { hour12: false }) + `.${String(ms % 1000).padStart(3, '0')}`;
const json = (v) => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));
const filters = () => ({ session_id: state.session, tab_id: state.tab, action_type: state.type });
const shotUrl = (id, which) => `${API}/history/actions/${encodeURIComponent(id)}/screenshot?type=${which}`;

function setStatus(text) { $('status').textContent = text; }

function showBanner(text) {
  $('banner').textContent = text;
  $('banner').hidden = !text;
}

function shot(action, which) {
  const figure = el('figure');
  if (action[`screenshot_${which}_path`]) {
    const link = el('a');
    link.href = shotUrl(action.id, which);
    link.target = '_blank';
    const img = el('img');
    img.alt = `${which} ${action.action_type}`;
    img.loading = 'lazy';
    img.src = link.href;
    img.dataset.which = which;
    link.append(img);
    figure.append(link);
  } else {
    figure.append(el('div', 'noshot', 'no screenshot'));
  }
  figure.append(el('figcaption', null, which));
  return figure;
}

function block(title, value) {
  const div = el('div');
  div.append(el('h3', null, title), el('pre', null, value === undefined ? '—' : json(value)));
  return div;
}

function eventItem(e) {
  const li = el('li');
  li.append(el('strong', null, e.event_type), document.createTextNode(' '), el('code', null, e.data === undefined ? '' : JSON.stringify(e.data)));
  return li;
}

function card(a) {
  const c = el('article', a.success ? 'action' : 'action failed');
  c.dataset.actionId = a.id;
  const head = el('header');
  head.append(el('span', 'type', a.action_type), el('span', 'time', clock(a.timestamp)),
    el('span', 'dur', `${a.duration_ms ?? '?'} ms`), el('span', 'tab', `tab ${shortId(a.tab_id)}`),
    el('span', 'aid', a.id), el('span', a.success ? 'ok' : 'err', a.success ? 'ok' : (a.error_code || 'error')));
  const shots = el('div', 'shots');
  shots.append(shot(a, 'before'), shot(a, 'after'));
  const details = el('div', 'details');
  details.append(block('params', a.params), a.success ? block('result', a.result) : block('error', a.error_message));
  const events = el('div', 'events');
  events.hidden = true;
  events.append(el('h3', null, 'events'), el('ul'));
  c.append(head, shots, details, events);
  for (const e of state.events.get(a.id) || []) addEventTo(c, e);
  state.types.add(a.action_type);
  return c;
}

function addEventTo(cardEl, e) {
  const box = cardEl.querySelector('.events');
  box.hidden = false;
  box.querySelector('ul').append(eventItem(e));
}

async function loadTimeline() {
  const gen = ++state.generation;
  state.cards.clear();
  state.newest = null;
  state.oldest = null;
  $('timeline').replaceChildren();
  state.loading = true;
  const page = await get('/history/actions' + qs({ ...filters(), limit: 50 })).finally(() => { state.loading = false; });
  if (gen !== state.generation) return;
  for (const a of page.actions) addCard(a, 'end');
  state.newest = page.prev_cursor;
  state.oldest = page.next_cursor;
  $('older').hidden = !page.has_more;
  fillTypes();
}

function addCard(a, where) {
  if (state.cards.has(a.id)) return;
  const c = card(a);
  state.cards.set(a.id, c);
  if (where === 'start') $('timeline').prepend(c); else $('timeline').append(c);
}

async function loadOlder() {
  const gen = state.generation;
  const page = await get('/history/actions' + qs({ ...filters(), cursor: state.oldest, limit: 50 }));
  if (gen !== state.generation) return;
  for (const a of page.actions) addCard(a, 'end');
  if (page.next_cursor !== null) state.oldest = page.next_cursor;
  $('older').hidden = !page.has_more;
}

async function pollActions() {
  if (state.loading) return; // a forward read without the new cursor would start from the oldest row
  const gen = state.generation;
  const page = await get('/history/actions' + qs({ ...filters(), direction: 'forward', cursor: state.newest, limit: 100 }));
  if (gen !== state.generation) return;
  for (const a of page.actions) addCard(a, 'start');
  if (page.next_cursor !== null) state.newest = page.next_cursor;
  if (page.actions.length) fillTypes();
}

/** One reader at a time: two with the same cursor would show every event twice. */
function pollEvents() {
  state.eventsBusy ??= readEvents().finally(() => { state.eventsBusy = null; });
  return state.eventsBusy;
}

async function readEvents() {
  const session = state.session;
  for (let more = true; more && session === state.session;) {
    const page = await get('/history/events' + qs({ session_id: session, direction: 'forward', cursor: state.eventsCursor, limit: 1000 }));
    if (session !== state.session) return;
    for (const e of page.events) {
      if (!e.action_id) continue;
      if (!state.events.has(e.action_id)) state.events.set(e.action_id, []);
      state.events.get(e.action_id).push(e);
      const c = state.cards.get(e.action_id);
      if (c) addEventTo(c, e);
    }
    if (page.next_cursor !== null) state.eventsCursor = page.next_cursor;
    more = page.has_more;
  }
}

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
