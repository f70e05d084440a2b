// AGENSTAB REST under /compat/agenstab/v1 (compat.md): the vendor page's calls (JSON and
// form-encoded), the same error body as JSON-RPC with the table's HTTP status, keys, and the TTL:
// a session past token_ttl is closed, its socket told (session.expired), every later call -32005/410.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLlmOptions } from '../../../agent/llm/settings.ts';
import { startHarness, type Harness } from '../../support/daemonHarness.ts';
import { waitFor } from '../../support/spawnDaemon.ts';
import { RpcClient } from './rpcClient.ts';

let h: Harness;
const BASE = '/compat/agenstab/v1';
const KEY = { authorization: 'Bearer sk_live_123' };

beforeAll(async () => { h = await startHarness({ actionDeadlineMs: 5_000, llm: { ...defaultLlmOptions(), provider: 'none' } }, { listen: true }); });
afterAll(async () => { await h?.close(); });

const rest = (method: string, path: string, body?: unknown) => h.api(method, BASE + path, body, KEY);
function form(path: string, fields: string): Promise<Response> {
  return h.raw('POST', BASE + path, { body: fields, headers: { ...KEY, 'content-type': 'application/x-www-form-urlencoded' } });
}

describe('sessions', () => {
  it('creates a session from the vendor example (tier/region echoed and ignored) and deletes it', async () => {
    const created = await rest('POST', '/sessions', { tier: 'elite', region: 'us-east-1' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ tier: 'elite', region: 'us-east-1', token_ttl: 3600, max_elements: 50, hitl_transaction_threshold: 10000 });
    const id = created.body.session_id as string;
    expect(id).toMatch(/^ses_/);
    expect((await rest('GET', `/sessions/${id}`)).body).toMatchObject({ session_id: id, status: 'ready' });
    const nav = await rest('POST', `/sessions/${id}/navigate`, { url: h.fixtures.url('/pages/static.html') });
    expect(nav.status).toBe(200);
    expect(nav.body).toMatchObject({ success: true, url: h.fixtures.url('/pages/static.html') });
    expect((await rest('DELETE', `/sessions/${id}`)).body).toMatchObject({ success: true, status: 'terminated' });
    const gone = await rest('POST', `/sessions/${id}/navigate`, { url: h.fixtures.url('/pages/static.html') });
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32005, data: { name: 'SESSION_EXPIRED', reason: 'terminated' } } });
  });

  it('takes form-encoded bodies (numbers, booleans, lists) as the vendor page says', async () => {
    const r = await form('/sessions', 'tier=standard&token_ttl=120&stealth_mode=true&allow_js_eval=false&max_elements=10&domain_allowlist[]=127.0.0.1&domain_allowlist[]=*.example.com');
    expect(r.status).toBe(200);
    const body = await r.json() as Record<string, unknown>;
    expect(body).toMatchObject({ tier: 'standard', token_ttl: 120, stealth_mode: true, allow_js_eval: false, max_elements: 10, domain_allowlist: ['127.0.0.1', '*.example.com'] });
    const nav = await form(`/sessions/${body.session_id}/navigate`, `url=${encodeURIComponent(h.fixtures.url('/pages/static.html'))}`);
    expect(nav.status).toBe(200);
    expect((await rest('DELETE', `/sessions/${body.session_id}`)).status).toBe(200);
  });
});

describe('errors: the JSON-RPC body with the mapped status', () => {
  it('401 without a key, 400/-32700 for broken JSON, 400/-32602 naming the param, 404/-32601 for an unknown route', async () => {
    const noKey = await h.api('POST', `${BASE}/sessions`, {});
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect(noKey.body.error).toMatchObject({ code: -32000, data: { name: 'UNAUTHORIZED', reason: 'missing_key' } });
    const broken = await h.raw('POST', `${BASE}/sessions`, { body: '{"tier":', headers: { ...KEY, 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as any).error.code).toBe(-32700);
    const badTtl = await rest('POST', '/sessions', { token_ttl: 'soon' });
    expect(badTtl.status).toBe(400);
    expect(badTtl.body.error).toMatchObject({ code: -32602, data: { param: 'token_ttl' } });
    const created = await rest('POST', '/sessions', {});
    const id = created.body.session_id as string;
    const badAction = await rest('POST', `/sessions/${id}/interact`, { agent_id: 'x', action_type: 'teleport' });
    expect(badAction.status).toBe(400);
    expect(badAction.body.error).toMatchObject({ code: -32602, data: { param: 'action_type' } });
    const badUrl = await rest('POST', `/sessions/${id}/navigate`, { url: 'not a url' });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error).toMatchObject({ code: -32602, data: { param: 'url' } });
    const unknown = await rest('GET', '/nothing/here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe(-32601);
    await rest('DELETE', `/sessions/${id}`);
  });

  it('-32007 → 504: a navigation whose response never comes', async () => {
    const id = (await rest('POST', '/sessions', {})).body.session_id as string;
    const r = await rest('POST', `/sessions/${id}/navigate`, { url: h.fixtures.url('/gate/agenstab-rest-never') });
    expect(r.status).toBe(504);
    expect(r.body.error).toMatchObject({ code: -32007, data: { name: 'NAVIGATION_TIMEOUT' } });
    h.fixtures.gate('agenstab-rest-never').release();
    await rest('DELETE', `/sessions/${id}`);
  });

  it('-32008 → 502: semantic_click by description without a vision model', async () => {
    const id = (await rest('POST', '/sessions', {})).body.session_id as string;
    const r = await rest('POST', `/sessions/${id}/interact`, { action_type: 'semantic_click', description: 'the blue Save icon' });
    expect(r.status).toBe(502);
    expect(r.body.error).toMatchObject({ code: -32008, data: { reason: 'no_vlm_configured' } });
    await rest('DELETE', `/sessions/${id}`);
  });

  it('-32005 → 410 after token_ttl: the context is closed and the socket gets session.expired', async () => {
    const c = await RpcClient.connect(`ws://127.0.0.1:${h.daemon.port}${BASE}/session`, { headers: KEY });
    const { session_id, tab_id } = await c.ok('browser.create_session', { token_ttl: 2 });
    expect((await h.api('GET', `/tabs/${tab_id}`)).status).toBe(200);
    const expired = await c.notification('session.expired', 10_000);
    expect(expired.params).toMatchObject({ session_id, reason: 'token_ttl', token_ttl: 2 });
    const call = await c.call('browser.evaluate', { script: '1' });
    expect(call.error).toMatchObject({ code: -32005, data: { reason: 'expired' } });
    expect(call.error!.message).toMatch(/token_ttl of 2 s elapsed/);
    const r = await rest('GET', `/sessions/${session_id}`);
    expect(r.status).toBe(410);
    expect(r.body.error.code).toBe(-32005);
    // The session's tab goes with its context (the sessions layer answers 410 for it then).
    await waitFor(async () => (await h.api('GET', `/tabs/${tab_id}`)).status === 410, 5_000, 'the expired session\'s tab to go');
    c.close();
  });
});
