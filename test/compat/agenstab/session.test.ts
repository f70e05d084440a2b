// A whole AGENSTAB session over a plain `ws` client (compat.md "Proof", issue 18 "must show"):
// create → observe → type → select → click → HITL -32009 (REST 423) → approve → terminate, and the
// element errors from real situations: -32001 unknown and stale ids (with candidates), -32004 an
// element under a cookie banner (with the blocker).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../support/daemonHarness.ts';
import { RpcClient } from './rpcClient.ts';

const BASE = '/compat/agenstab/v1';
const KEY = { authorization: 'Bearer sk_live_shop' };
let h: Harness;
const sockets: RpcClient[] = [];

beforeAll(async () => {
  h = await startHarness({}, { listen: true });
});
afterAll(async () => { for (const c of sockets) c.close(); await h?.close(); });

async function shop(params: Record<string, unknown> = {}, query = ''): Promise<{ c: RpcClient; session_id: string; text: string }> {
  const c = await RpcClient.connect(`ws://127.0.0.1:${h.daemon.port}${BASE}/session`, { headers: KEY });
  sockets.push(c);
  const { session_id } = await c.ok('browser.create_session', params);
  await c.ok('browser.navigate', { url: h.fixtures.url(`/pages/agenstab-shop.html${query}`) });
  const { text } = await c.ok('browser.observe');
  return { c, session_id, text };
}

const idOf = (text: string, name: string): string => {
  const m = new RegExp(`\\[([\\w.]+)\\] \\w+ "${name}"`).exec(text);
  if (!m) throw new Error(`no "${name}" in\n${text}`);
  return m[1]!;
};

describe('a whole session over JSON-RPC', () => {
  it('create → observe → type → select → click → -32009 → approve → terminate', async () => {
    const { c, session_id, text } = await shop();
    expect(text).toMatch(/^page: Shop checkout/);
    const card = idOf(text, 'Name on card');
    const country = idOf(text, 'Country');
    const order = idOf(text, 'Place order');
    const typed = await c.ok('browser.type', { agent_id: card, text: 'Ada Lovelace' });
    expect(typed).toMatchObject({ success: true, agent_id: card, action: 'type' });
    await c.ok('browser.select', { agent_id: country, value: 'France' });
    expect((await c.ok('browser.evaluate', { script: 'document.getElementById("card").value' })).value).toBe('Ada Lovelace');

    const held = await c.call('browser.click', { agent_id: order });
    expect(held.error).toMatchObject({ code: -32009, data: { name: 'HITL_THRESHOLD_EXCEEDED', amount_cents: 25000, currency: 'USD' } });
    const approvalId = held.error!.data.approval_id as string;
    expect(approvalId).toMatch(/^apr_/);
    expect(held.error!.data.approve_url).toContain(`/compat/agenstab/v1/sessions/${session_id}/hitl/${approvalId}/approve`);
    expect((await c.notification('session.paused_hitl')).params).toMatchObject({ session_id, approval_id: approvalId });
    expect((await c.ok('browser.evaluate', { script: 'window.orders' })).value).toBe(0);
    // The REST view of the same refusal: 423 with the same body shape.
    const viaRest = await h.api('POST', `${BASE}/sessions/${session_id}/interact`, { agent_id: order, action_type: 'semantic_click' }, KEY);
    expect(viaRest.status, JSON.stringify(viaRest.body)).toBe(423);
    expect(viaRest.body.error.code, JSON.stringify(viaRest.body)).toBe(-32009);

    const approved = await c.ok('browser.approve', { approval_id: approvalId });
    expect(approved).toMatchObject({ success: true, approval_id: approvalId, decision: 'approved' });
    expect((await c.ok('browser.evaluate', { script: 'window.orders' })).value).toBe(1);
    expect((await c.ok('browser.evaluate', { script: 'document.getElementById("status").textContent' })).value).toBe('Order placed for Ada Lovelace in France');
    expect((await c.ok('browser.terminate_session')).status).toBe('terminated');
    expect((await c.call('browser.observe')).error!.code).toBe(-32005);
  });
});

describe('wait_for and deny', () => {
  it('wait_for: a condition that holds answers at once; a navigation that never comes is -32007 (REST 504)', async () => {
    const { c, session_id } = await shop();
    expect(await c.ok('browser.wait_for', { condition: { text: 'Order total' }, timeout: 2000 })).toMatchObject({ success: true });
    const nav = await c.call('browser.wait_for', { condition: 'navigation', timeout: 300 });
    expect(nav.error).toMatchObject({ code: -32007, data: { name: 'NAVIGATION_TIMEOUT', abp_code: 'WAIT_TIMEOUT' } });
    const viaRest = await h.api('POST', `${BASE}/sessions/${session_id}/wait_for`, { condition: 'navigation', timeout: 300 }, KEY);
    expect(viaRest.status).toBe(504);
    // Other conditions have no vendor code: -32000 with the daemon's 408.
    const text = await h.api('POST', `${BASE}/sessions/${session_id}/wait_for`, { condition: { text: 'never there' }, timeout: 300 }, KEY);
    expect(text.status).toBe(408);
    expect(text.body.error).toMatchObject({ code: -32000, data: { abp_code: 'WAIT_TIMEOUT' } });
    expect((await c.call('browser.wait_for', { condition: { teleport: true } })).error!.data.param).toMatch(/^condition/);
    await c.ok('browser.terminate_session');
  });

  it('deny: the held click never runs; the session is ready again', async () => {
    const { c, session_id, text } = await shop();
    const held = await c.call('browser.click', { agent_id: idOf(text, 'Place order') });
    expect(held.error!.code).toBe(-32009);
    const denied = await h.api('POST', `${BASE}/sessions/${session_id}/hitl/${held.error!.data.approval_id}/deny`, undefined, KEY);
    expect(denied.status).toBe(200);
    expect(denied.body).toMatchObject({ success: true, decision: 'denied' });
    expect((await c.ok('browser.evaluate', { script: 'window.orders' })).value).toBe(0);
    const again = await c.call('browser.deny', { approval_id: held.error!.data.approval_id });
    expect(again.error!.code).toBeLessThan(0);
    await c.ok('browser.terminate_session');
  });
});

describe('element errors from real situations', () => {
  it('-32001 (REST 404): an id never issued, then a stale one after navigating, each with candidates', async () => {
    const { c, session_id, text } = await shop();
    const unknown = await c.call('browser.click', { agent_id: 'teleport_btn' });
    expect(unknown.error).toMatchObject({ code: -32001, data: { name: 'ELEMENT_NOT_FOUND', reason: 'unknown' } });
    expect(unknown.error!.data.candidates.length).toBeGreaterThan(0);
    const news = idOf(text, 'Newsletter');
    await c.ok('browser.click', { agent_id: idOf(text, 'Next page') });
    await c.ok('browser.observe');
    const stale = await c.call('browser.click', { agent_id: news });
    expect(stale.error).toMatchObject({ code: -32001, data: { reason: 'stale' } });
    const viaRest = await h.api('POST', `${BASE}/sessions/${session_id}/interact`, { agent_id: news, action_type: 'click' }, KEY);
    expect(viaRest.status).toBe(404);
    expect(viaRest.body.error.data.reason).toBe('stale');
    await c.ok('browser.terminate_session');
  });

  it('-32004 (REST 409): a button under a cookie banner names the banner; after accepting it the click lands', async () => {
    const { c, session_id, text } = await shop();
    const news = idOf(text, 'Newsletter');
    const blocked = await c.call('browser.click', { agent_id: news });
    expect(blocked.error).toMatchObject({ code: -32004, data: { name: 'INTERSTITIAL_BLOCKED' } });
    expect(JSON.stringify(blocked.error!.data.blocker)).toMatch(/cookie|Cookies|banner/i);
    const viaRest = await h.api('POST', `${BASE}/sessions/${session_id}/interact`, { agent_id: news, action_type: 'click' }, KEY);
    expect(viaRest.status).toBe(409);
    await c.ok('browser.click', { agent_id: idOf(text, 'Accept cookies') });
    await c.ok('browser.click', { agent_id: news });
    expect((await c.ok('browser.evaluate', { script: 'window.news' })).value).toBe(1);
    await c.ok('browser.terminate_session');
  });

  it('REST observe and interact (every action_type): the vendor shapes', async () => {
    const created = await h.api('POST', `${BASE}/sessions`, {}, KEY);
    const id = created.body.session_id as string;
    await h.api('POST', `${BASE}/sessions/${id}/navigate`, { url: h.fixtures.url('/pages/agenstab-shop.html') }, KEY);
    const observed = await h.api('GET', `${BASE}/sessions/${id}/observe?max_elements=3`, undefined, KEY);
    expect(observed.status).toBe(200);
    expect(observed.body.elements.length).toBeLessThanOrEqual(3);
    const card = (observed.body.elements as Array<{ agent_id: string; name: string }>).find((e) => e.name === 'Name on card')
      ?? { agent_id: idOf((await h.api('GET', `${BASE}/sessions/${id}/observe`, undefined, KEY)).body.text, 'Name on card') };
    const typed = await h.api('POST', `${BASE}/sessions/${id}/interact`, { agent_id: card.agent_id, action_type: 'type', text: 'Grace', clear_first: true }, KEY);
    expect(typed.status).toBe(200);
    expect(typed.body).toMatchObject({ success: true, action_type: 'type', agent_id: card.agent_id });
    expect(Array.isArray(typed.body.observation_delta)).toBe(true);
    const text = (await h.api('GET', `${BASE}/sessions/${id}/observe`, undefined, KEY)).body.text as string;
    const interact = (agent_id: string, action_type: string, extra: Record<string, unknown> = {}) =>
      h.api('POST', `${BASE}/sessions/${id}/interact`, { agent_id, action_type, ...extra }, KEY);
    const value = async (script: string) => (await h.api('POST', `${BASE}/sessions/${id}/evaluate`, { script }, KEY)).body.value;
    expect((await interact(idOf(text, 'Save card'), 'check')).status).toBe(200);
    expect(await value('document.getElementById("save").checked')).toBe(true);
    expect((await interact(idOf(text, 'Save card'), 'uncheck')).status).toBe(200);
    expect(await value('document.getElementById("save").checked')).toBe(false);
    expect((await interact(card.agent_id, 'clear')).status).toBe(200);
    expect(await value('document.getElementById("card").value')).toBe('');
    expect((await interact(idOf(text, 'Country'), 'select', { value: 'France' })).status).toBe(200);
    expect(await value('document.getElementById("country").value')).toBe('France');
    expect((await interact(idOf(text, 'Accept cookies'), 'hover')).body).toMatchObject({ success: true, action_type: 'hover' });
    await h.api('DELETE', `${BASE}/sessions/${id}`, undefined, KEY);
  });
});
