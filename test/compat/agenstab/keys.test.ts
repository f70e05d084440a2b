// Keys with --auth-token (compat.md "Common rules"): the vendor key must equal the token, in each of
// AGENSTAB's forms (Bearer, key-<KEY> subprotocol, a ticket minted with it); a wrong or missing key is
// AGENSTAB's 401 body; the native /api/v1 routes keep their own token rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFromSubprotocol, keyProblem } from '../../../daemon/compat/keys.ts';
import { TicketStore } from '../../../daemon/compat/agenstab/tickets.ts';
import { startHarness, type Harness } from '../../support/daemonHarness.ts';
import { RpcClient } from './rpcClient.ts';

let h: Harness | undefined;
let url: string;
let api: Harness['api'];
const TOKEN = 'sekret-token-value';
beforeAll(async () => {
  h = await startHarness({ authToken: TOKEN }, { listen: true });
  url = `ws://127.0.0.1:${h.daemon.port}/compat/agenstab/v1/session`;
  api = h.api;
});
afterAll(async () => { await h?.close(); });

async function status(promise: Promise<RpcClient>): Promise<number> {
  try { (await promise).close(); return 101; } catch (err) { return (err as { status: number }).status; }
}

describe('AGENSTAB keys with --auth-token', () => {
  it('reads the key forms; any non-empty key passes without a token', () => {
    expect(keyFromSubprotocol('json, key-abc')).toBe('abc');
    expect(keyFromSubprotocol('key-')).toBeUndefined();
    expect(keyProblem('anything', {})).toBeNull();
    expect(keyProblem('', {})).toBe('missing_key');
    expect(keyProblem('x', { authToken: 'y' })).toBe('wrong_key');
  });

  it('a ticket is good for 60 s and once', () => {
    const store = new TicketStore();
    const late = store.issue(0);
    expect(store.consume(late.ticket, 60_001)).toBe(false);
    const onTime = store.issue(0);
    expect(store.consume(onTime.ticket, 59_000)).toBe(true);
    expect(store.consume(onTime.ticket, 59_000)).toBe(false);
  });

  it('REST: the token as Bearer passes (and works in-process against /api/v1), a wrong one is 401 wrong_key', async () => {
    const wrong = await api('POST', '/compat/agenstab/v1/sessions', {}, { authorization: 'Bearer sk_live_other' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: -32000, data: { name: 'UNAUTHORIZED', reason: 'wrong_key' } });
    expect(wrong.body.error.message).toMatch(/--auth-token/);
    const ok = await api('POST', '/compat/agenstab/v1/sessions', {}, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    const nav = await api('POST', `/compat/agenstab/v1/sessions/${ok.body.session_id}/navigate`, { url: h!.fixtures.url('/pages/static.html') }, { authorization: `Bearer ${TOKEN}` });
    expect(nav.status).toBe(200);
    expect((await api('GET', '/tabs')).status).toBe(401);
  });

  it('WebSocket: the token as Bearer, as key-<token>, or a ticket minted with it; anything else 401', async () => {
    expect(await status(RpcClient.connect(url, { headers: { authorization: 'Bearer nope' } }))).toBe(401);
    expect(await status(RpcClient.connect(url, { protocols: ['key-nope'] }))).toBe(401);
    expect(await status(RpcClient.connect(url, { headers: { authorization: `Bearer ${TOKEN}` } }))).toBe(101);
    const sub = await RpcClient.connect(url, { protocols: [`key-${TOKEN}`] });
    expect((await sub.ok('browser.create_session')).session_id).toMatch(/^ses_/);
    expect((await sub.ok('browser.evaluate', { script: '2 + 3' })).value).toBe(5);
    await sub.ok('browser.terminate_session');
    sub.close();
    expect((await api('POST', '/compat/agenstab/api/auth/ticket', undefined, { authorization: 'Bearer nope' })).status).toBe(401);
    const { ticket } = (await api('POST', '/compat/agenstab/api/auth/ticket', undefined, { authorization: `Bearer ${TOKEN}` })).body;
    expect(await status(RpcClient.connect(`${url}?ticket=${ticket}`))).toBe(101);
    expect(await status(RpcClient.connect(`${url}?ticket=${ticket}`))).toBe(401);
  });

  it('closes open sockets with 1001 when the daemon stops (last: it stops this file\'s daemon)', async () => {
    const c = await RpcClient.connect(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    await c.ok('browser.create_session');
    const closing = h!.close();
    h = undefined;
    expect((await c.closed).code).toBe(1001);
    await closing;
  });
});
