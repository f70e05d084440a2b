// AGENSTAB's policy errors, enforced by the daemon's sessions layer (sessions.md §3) and reported in
// the vendor's codes over both transports: -32002 eval forbidden (REST 403), -32003 off-allowlist
// navigate (403), -32006 rate limit (429 + Retry-After).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../support/daemonHarness.ts';
import { RpcClient } from './rpcClient.ts';

const BASE = '/compat/agenstab/v1';
const KEY = { authorization: 'Bearer sk_live_policies' };
let h: Harness;
let c: RpcClient;

beforeAll(async () => {
  h = await startHarness({}, { listen: true });
  c = await RpcClient.connect(`ws://127.0.0.1:${h.daemon.port}${BASE}/session`, { headers: KEY });
});
afterAll(async () => { c?.close(); await h?.close(); });
const rest = (method: string, path: string, body?: unknown) => h.api(method, BASE + path, body, KEY);

describe('policy refusals in AGENSTAB codes', () => {
  it('-32002 PERMISSION_DENIED (REST 403): evaluate with allow_js_eval false', async () => {
    const { session_id } = await c.ok('browser.create_session', { allow_js_eval: false });
    const r = await c.call('browser.evaluate', { script: 'document.cookie' });
    expect(r.error).toMatchObject({ code: -32002, data: { name: 'PERMISSION_DENIED', policy: 'allow_js_eval' } });
    const viaRest = await rest('POST', `/sessions/${session_id}/evaluate`, { script: '1' });
    expect(viaRest.status).toBe(403);
    expect(viaRest.body.error.code).toBe(-32002);
    await c.ok('browser.terminate_session');
  });

  it('-32003 DOMAIN_RESTRICTED (REST 403): navigate off the allowlist; on it is fine', async () => {
    const { session_id } = await c.ok('browser.create_session', { domain_allowlist: ['127.0.0.1'] });
    await c.ok('browser.navigate', { url: h.fixtures.url('/pages/static.html') });
    const off = h.fixtures.altOrigin + '/pages/static.html';
    const r = await c.call('browser.navigate', { url: off });
    expect(r.error).toMatchObject({ code: -32003, data: { name: 'DOMAIN_RESTRICTED' } });
    const viaRest = await rest('POST', `/sessions/${session_id}/navigate`, { url: off });
    expect(viaRest.status).toBe(403);
    expect(viaRest.body.error.code).toBe(-32003);
    await c.ok('browser.terminate_session');
  });

  it('-32006 RATE_LIMIT_EXCEEDED (REST 429 + Retry-After): the third action in a minute at rate_limit_apm 2', async () => {
    const { session_id } = await c.ok('browser.create_session', { rate_limit_apm: 2 });
    await c.ok('browser.evaluate', { script: '1' });
    await c.ok('browser.evaluate', { script: '2' });
    const r = await c.call('browser.evaluate', { script: '3' });
    expect(r.error).toMatchObject({ code: -32006, data: { name: 'RATE_LIMIT_EXCEEDED' } });
    expect(r.error!.data.retry_after_ms).toBeGreaterThan(0);
    const viaRest = await rest('POST', `/sessions/${session_id}/evaluate`, { script: '4' });
    expect(viaRest.status).toBe(429);
    expect(Number(viaRest.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(viaRest.body.error.code).toBe(-32006);
    await c.ok('browser.terminate_session');
  });
});
