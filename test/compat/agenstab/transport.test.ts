// AGENSTAB JSON-RPC over WebSocket (compat.md "AGENSTAB", issue 18): keys on the upgrade, Host/Origin
// checks, the bad-frame table, batches, notifications, one socket = its session, the methods that
// map onto ABP routes (navigate, evaluate, scroll, screenshot), -32007 and -32008 from real
// situations, and a socket that outlives a Chromium restart. Plain `ws` client, real Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLlmOptions } from '../../../agent/llm/settings.ts';
import { startHarness, type Harness } from '../../support/daemonHarness.ts';
import { waitFor } from '../../support/spawnDaemon.ts';
import { RpcClient } from './rpcClient.ts';

let h: Harness;
let url: string;
const KEY = { headers: { authorization: 'Bearer sk_live_anything' } };
const open: RpcClient[] = [];
async function connect(suffix = '', options: Parameters<typeof RpcClient.connect>[1] = KEY): Promise<RpcClient> {
  const c = await RpcClient.connect(url + suffix, options);
  open.push(c);
  return c;
}

// A short action deadline: a navigation held at a fixture gate times out in seconds, not 30.
beforeAll(async () => {
  h = await startHarness({ actionDeadlineMs: 5_000, llm: { ...defaultLlmOptions(), provider: 'none' } }, { listen: true });
  url = `ws://127.0.0.1:${h.daemon.port}/compat/agenstab/v1/session`;
});
afterAll(async () => { for (const c of open) c.close(); await h?.close(); });

async function refused(promise: Promise<unknown>): Promise<{ status: number }> {
  try { await promise; } catch (err) { return err as { status: number }; }
  throw new Error('the upgrade was accepted');
}

describe('the upgrade: keys and Host/Origin', () => {
  it('refuses a socket without a key (401) and accepts any key as Bearer or key-<KEY> subprotocol', async () => {
    expect((await refused(RpcClient.connect(url))).status).toBe(401);
    const bearer = await connect();
    expect((await bearer.call('browser.observe')).error!.data.reason).toBe('no_session');
    const sub = await connect('', { protocols: ['key-sk_live_anything'] });
    expect(sub.ws.protocol).toBe('key-sk_live_anything');
    expect((await sub.call('nope')).error!.code).toBe(-32601);
  });

  it('refuses an upgrade from a web page (Origin) or under a foreign Host (403), like every route', async () => {
    expect((await refused(RpcClient.connect(url, { headers: { ...KEY.headers, origin: 'http://evil.example' } }))).status).toBe(403);
    expect((await refused(RpcClient.connect(url, { headers: { ...KEY.headers, host: 'evil.example' } }))).status).toBe(403);
  });

  it('takes a 60 s ticket once: the second connection with it is refused', async () => {
    const minted = await h.api('POST', '/compat/agenstab/api/auth/ticket', undefined, KEY.headers);
    expect(minted.status).toBe(200);
    expect(minted.body.expires_in).toBe(60);
    const first = await connect(`?ticket=${minted.body.ticket}`, {});
    expect((await first.call('nope')).error!.code).toBe(-32601);
    expect((await refused(RpcClient.connect(`${url}?ticket=${minted.body.ticket}`))).status).toBe(401);
    expect((await h.api('POST', '/compat/agenstab/api/auth/ticket')).status).toBe(401);
  });

  it('answers a plain GET on the socket path with 426 and how to connect', async () => {
    const r = await h.api('GET', '/compat/agenstab/v1/session', undefined, KEY.headers);
    expect(r.status).toBe(426);
    expect(r.body.error.message).toMatch(/wscat/);
  });
});

describe('bad frames never crash the socket', () => {
  it('answers -32700, -32600, -32601 and -32602 (naming the param), and keeps serving', async () => {
    const c = await connect();
    const parse = await c.raw('{"jsonrpc": "2.0", "id": 1, "method":') as any;
    expect(parse).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    const invalid = await c.raw(JSON.stringify({ id: 7, method: 'browser.observe' })) as any;
    expect(invalid).toMatchObject({ id: 7, error: { code: -32600, data: { param: 'jsonrpc' } } });
    expect((await c.raw('[]') as any).error.code).toBe(-32600);
    const unknown = await c.call('browser.fly');
    expect(unknown.error!.code).toBe(-32601);
    expect(unknown.error!.message).toMatch(/browser\.observe/);
    await c.ok('browser.create_session');
    const bad = await c.call('browser.navigate', { url: 42 });
    expect(bad.error).toMatchObject({ code: -32602, data: { param: 'url' } });
    expect(bad.error!.message).toMatch(/^INVALID_PARAMS: url: /);
    const badType = await c.call('browser.scroll', { direction: 'sideways' });
    expect(badType.error!.data.param).toBe('direction');
    const positional = await c.call('browser.navigate', ['http://x']);
    expect(positional.error!.data.param).toBe('params');
    // Still serving after all of that.
    expect((await c.ok('browser.evaluate', { script: '1 + 1' })).value).toBe(2);
    await c.ok('browser.terminate_session');
  });

  it('closes with 1003 on a binary frame and 1009 on a frame over 1 MiB', async () => {
    const bin = await connect();
    bin.ws.send(Buffer.from('{"jsonrpc":"2.0"}'), { binary: true });
    expect((await bin.closed).code).toBe(1003);
    const big = await connect();
    big.ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'browser.evaluate', params: { script: 'x'.repeat(1024 * 1024) } }));
    expect((await big.closed).code).toBe(1009);
    // The daemon is fine: a new socket works.
    expect((await (await connect()).call('nope')).error!.code).toBe(-32601);
  });
});

describe('methods on ABP routes, batches and notifications', () => {
  it('runs a batch in order, skips answers to notifications, and pushes page.navigated', async () => {
    const c = await connect();
    const page = h.fixtures.url('/pages/scroll.html');
    c.ws.send(JSON.stringify([
      { jsonrpc: '2.0', id: 'a', method: 'browser.create_session', params: { max_elements: 20 } },
      { jsonrpc: '2.0', id: 'b', method: 'browser.navigate', params: { url: page } },
      { jsonrpc: '2.0', method: 'browser.scroll', params: { direction: 'down', amount: 500 } },
      { jsonrpc: '2.0', id: 'c', method: 'browser.evaluate', params: { script: 'Math.round(scrollY)' } },
      { jsonrpc: '2.0', id: 'd', method: 'browser.nope' },
    ]));
    await waitFor(() => c.frames.some(Array.isArray), 30_000, 'the batch answer');
    const batch = c.frames.find(Array.isArray) as any[];
    expect(batch.map((a) => a.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(batch[0].result.session_id).toMatch(/^ses_[\w-]{16,}$/);
    expect(batch[0].result).toMatchObject({ token_ttl: 3600, hitl_transaction_threshold: 10000, max_elements: 20, rate_limit_apm: 600, stealth_mode: false });
    expect(batch[1].result).toMatchObject({ success: true, url: page });
    expect(batch[2].result.value).toBe(500);
    expect(batch[3].error.code).toBe(-32601);
    const nav = await c.notification('page.navigated');
    expect(nav.params).toMatchObject({ session_id: batch[0].result.session_id, url: page });

    const up = await c.ok('browser.scroll', { direction: 'up', amount: 'page' });
    expect(up.amount_px).toBe(720);
    expect(await c.ok('browser.evaluate', { script: 'scrollY' })).toMatchObject({ value: 0 });
    const shot = await c.ok('browser.screenshot', { markup: true, format: 'png' });
    expect(shot.format).toBe('png');
    expect(Buffer.from(shot.data, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect((await c.ok('browser.terminate_session')).status).toBe('terminated');
  });

  it('keeps the session when the socket closes; ?session_id= attaches a new socket; terminate ends it (-32005)', async () => {
    const first = await connect();
    const { session_id } = await first.ok('browser.create_session');
    await first.ok('browser.navigate', { url: h.fixtures.url('/pages/static.html') });
    first.close();
    await first.closed;
    const again = await connect(`?session_id=${session_id}`);
    expect((await again.ok('browser.evaluate', { script: 'location.pathname' })).value).toBe('/pages/static.html');
    expect((await again.call('browser.create_session')).error!.code).toBe(-32600);
    await again.ok('browser.terminate_session');
    const after = await again.call('browser.evaluate', { script: '1' });
    expect(after.error).toMatchObject({ code: -32005, data: { name: 'SESSION_EXPIRED', reason: 'terminated' } });
    expect((await refused(RpcClient.connect(`${url}?session_id=${session_id}`, KEY))).status).toBe(410);
    // The socket may open a new session once its own has ended.
    await again.ok('browser.create_session');
    await again.ok('browser.terminate_session');
  });
});

describe('vendor errors from real situations', () => {
  it('-32007 NAVIGATION_TIMEOUT: a page whose response never comes', async () => {
    const c = await connect();
    await c.ok('browser.create_session', { navigation_timeout_ms: 1500 });
    const timedOut = await c.call('browser.navigate', { url: h.fixtures.url('/gate/agenstab-never') });
    expect(timedOut.error).toMatchObject({ code: -32007, data: { name: 'NAVIGATION_TIMEOUT', http_status: 504 } });
    // The session's navigation_timeout_ms where the sessions layer enforces it, else the action deadline.
    expect(['NAVIGATION_TIMEOUT', 'ACTION_TIMEOUT']).toContain(timedOut.error!.data.abp_code);
    h.fixtures.gate('agenstab-never').release();
    await c.ok('browser.terminate_session');
  });

  it('-32008 VLM_GROUNDING_FAILED no_vlm_configured: a click by description with no vision model', async () => {
    const c = await connect();
    await c.ok('browser.create_session');
    const r = await c.call('browser.click', { description: 'the blue Save icon' });
    expect(r.error).toMatchObject({ code: -32008, data: { name: 'VLM_GROUNDING_FAILED', reason: 'no_vlm_configured' } });
    expect(r.error!.message).toMatch(/agent_id/);
    expect((await c.call('browser.click', {})).error).toMatchObject({ code: -32602, data: { param: 'agent_id' } });
    await c.ok('browser.terminate_session');
  });
});

describe('Chromium restart', () => {
  it('keeps the socket open; the session reports error and can be terminated', async () => {
    const c = await connect();
    await c.ok('browser.create_session');
    await c.ok('browser.navigate', { url: h.fixtures.url('/pages/static.html') });
    process.kill(-h.daemon.host.chrome!.process.pid!, 'SIGKILL');
    const during = await c.call('browser.evaluate', { script: '1' });
    expect(during.error!.data.session_status).toBe('error');
    await waitFor(async () => (await h.api('GET', '/browser/status')).body.data.ready, 45_000, 'Chromium to be relaunched');
    const later = await c.call('browser.evaluate', { script: '1' });
    expect(later.error).toMatchObject({ code: -32000, data: { session_status: 'error' } });
    expect(later.error!.message).toMatch(/terminate_session/);
    expect((await c.ok('browser.terminate_session')).status).toBe('terminated');
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    await c.ok('browser.create_session');
    expect((await c.ok('browser.evaluate', { script: '6 * 7' })).value).toBe(42);
  });
});
