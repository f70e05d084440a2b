// Policies on actions (sessions.md §3, §7): rate_limit_apm (429 + Retry-After at the N+1st action,
// observe/screenshot exempt), token_ttl_s (410 afterwards, its tabs gone from Chromium),
// allow_js_eval:false (403 on execute, PATCH turns it back on), allow_downloads:false. Each refusal
// carries data.rpc_code and is logged; none ends the session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); }, 60_000);
afterAll(async () => { await h?.close(); });

const none = { screenshot: { area: 'none' } };

describe('session policies', () => {
  it('rate_limit_apm: the N+1st action in a minute → 429 with Retry-After; screenshots are exempt', async () => {
    const s = await h.api('POST', '/sessions', { policies: { rate_limit_apm: 3 } });
    const tab = s.body.tab_id;
    for (let i = 0; i < 3; i += 1) expect((await h.api('POST', `/tabs/${tab}/scroll`, { x: 10, y: 10, delta_y: 10, ...none })).status).toBe(200);
    expect((await h.api('POST', `/tabs/${tab}/screenshot`, {})).status).toBe(200);
    const over = await h.api('POST', `/tabs/${tab}/scroll`, { x: 10, y: 10, delta_y: 10, ...none });
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(over.body.data.rpc_code).toBe(-32006);
    expect(over.body.data.retry_after_ms).toBeGreaterThan(1000);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const log = await h.api('GET', `/sessions/${s.body.session_id}/events?types=policy_refused`);
    expect(log.body.events).toHaveLength(1);
    expect((await h.api('GET', `/sessions/${s.body.session_id}`)).body.status).toBe('ready');
    await h.api('DELETE', `/sessions/${s.body.session_id}`);
  }, 30_000);

  it('allow_js_eval:false → 403 PERMISSION_DENIED on execute; PATCH allows it again', async () => {
    const s = await h.api('POST', '/sessions', { policies: { allow_js_eval: false } });
    const r = await h.api('POST', `/tabs/${s.body.tab_id}/execute`, { script: '1' });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'PERMISSION_DENIED', data: { rpc_code: -32002, policy: 'allow_js_eval' } });
    const p = await h.api('PATCH', `/sessions/${s.body.session_id}`, { policies: { allow_js_eval: true } });
    expect(p.status).toBe(200);
    expect(await h.value(s.body.tab_id, '6 * 7')).toBe(42);
    // The default session is unaffected by another session's policy.
    const d = await h.openTab();
    expect(await h.value(d, '1')).toBe(1);
    await h.api('DELETE', `/tabs/${d}`);
    await h.api('DELETE', `/sessions/${s.body.session_id}`);
  }, 30_000);

  it('token_ttl_s: at expiry the context goes; every later call → 410 SESSION_EXPIRED', async () => {
    const s = await h.api('POST', '/sessions', { policies: { token_ttl_s: 1 } });
    expect(s.body.expires_at).not.toBeNull();
    const extra = await h.api('POST', '/tabs', { session_id: s.body.session_id });
    await new Promise((r) => setTimeout(r, 1_500));
    const targets = await h.daemon.host.browser!.browserSession.send('Target.getTargets');
    expect(targets.targetInfos.some((t) => t.targetId === s.body.tab_id || t.targetId === extra.body.id)).toBe(false);
    for (const [method, path, body] of [
      ['POST', `/tabs/${s.body.tab_id}/execute`, { script: '1' }], ['GET', `/tabs?session_id=${s.body.session_id}`, undefined],
      ['POST', '/tabs', { session_id: s.body.session_id }], ['PATCH', `/sessions/${s.body.session_id}`, { policies: { allow_js_eval: false } }],
      ['DELETE', `/sessions/${s.body.session_id}`, undefined], ['GET', `/tabs/${extra.body.id}`, undefined],
    ] as const) {
      const r = await h.api(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(410);
      expect(r.body.code).toBe('SESSION_EXPIRED');
      expect(r.body.data.rpc_code).toBe(-32005);
    }
    const rec = await h.api('GET', `/sessions/${s.body.session_id}`);
    expect(rec.body.status).toBe('expired');
    const log = await h.api('GET', `/sessions/${s.body.session_id}/events?types=session_expired`);
    expect(log.body.events[0].data.closed_tabs.sort()).toEqual([s.body.tab_id, extra.body.id].sort());
  }, 30_000);

  it('allow_downloads:false: a download never lands (allowed: it does)', async () => {
    for (const allow of [true, false]) {
      const s = await h.api('POST', '/sessions', { policies: { allow_downloads: allow } });
      const r = await h.api('POST', `/tabs/${s.body.tab_id}/navigate`, { url: h.fixtures.url('/download/x.bin?size=100'), ...none });
      const types = (r.body.events ?? []).map((e: any) => e.type);
      expect(types.includes('download_completed'), `allow ${allow}: ${JSON.stringify(types)}`).toBe(allow);
      await h.api('DELETE', `/sessions/${s.body.session_id}`);
    }
  }, 30_000);
});

describe('navigation_timeout_ms', () => {
  it('a load slower than the policy → 504 NAVIGATION_TIMEOUT with the envelope; loading stopped', async () => {
    const s = await h.api('POST', '/sessions', { policies: { navigation_timeout_ms: 800 } });
    const r = await h.api('POST', `/tabs/${s.body.tab_id}/navigate`, { url: h.fixtures.url('/delay/10000'), ...none });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(504);
    expect(r.body).toMatchObject({ code: 'NAVIGATION_TIMEOUT', data: { rpc_code: -32007 } });
    expect(r.body.data.envelope.action_id).toBe(r.body.action_id);
    expect(h.daemon.host.getTab(s.body.tab_id).page.loading).toBe(false);
    // A load within it is a 200.
    const ok = await h.api('POST', `/tabs/${s.body.tab_id}/navigate`, { url: h.fixtures.url('/pages/static.html'), ...none });
    expect(ok.status).toBe(200);
    await h.api('DELETE', `/sessions/${s.body.session_id}`);
  }, 30_000);
});

describe('a session ending under an action', () => {
  it('the action answers 410 like the session (not 404 "tab went away")', async () => {
    const s = await h.api('POST', '/sessions', {});
    const slow = h.api('POST', `/tabs/${s.body.tab_id}/navigate`, { url: h.fixtures.url('/delay/3000'), ...none });
    await new Promise((r) => setTimeout(r, 300));
    expect((await h.api('DELETE', `/sessions/${s.body.session_id}`)).status).toBe(200);
    const r = await slow;
    expect(r.status, JSON.stringify(r.body)).toBe(410);
    expect(r.body.code).toBe('SESSION_ENDED');
  }, 30_000);
});
