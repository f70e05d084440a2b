'use strict';
// The session viewer, part 1: state and the API client. The page reads the history API (same
// origin) and follows it live by polling with the cursors it returns. Text only, never markup.
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
