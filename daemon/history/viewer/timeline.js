'use strict';
// Part 2: the action timeline (cards with both frames, params, result or error, events).

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
  // Tab commands and screenshot-less actions have no frames: no empty boxes for them.
  shots.hidden = !a.screenshot_before_path && !a.screenshot_after_path;
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
