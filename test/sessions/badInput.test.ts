// Bad input on every sessions route (issue 16 "must show" 2): unknown session 404, bad policy types
// 400 naming the field, a profile in use 409 (test/sessions/profiles.test.ts); never a 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
let live: string;
beforeAll(async () => {
  h = await startHarness();
  live = (await h.api('POST', '/sessions', {})).body.session_id;
}, 60_000);
afterAll(async () => { await h?.close(); });

type Row = [method: string, path: () => string, body: unknown, status: number, mentions: string];
const rows: Row[] = [
  ['POST', () => '/sessions', { policies: { rate_limit_apm: 'fast' } }, 400, 'policies.rate_limit_apm'],
  ['POST', () => '/sessions', { policies: { domain_allowlist: 'example.com' } }, 400, 'policies.domain_allowlist'],
  ['POST', () => '/sessions', { policies: { allow_js_eval: 'no' } }, 400, 'policies.allow_js_eval'],
  ['POST', () => '/sessions', { policies: { token_ttl_s: -1 } }, 400, 'policies.token_ttl_s'],
  ['POST', () => '/sessions', { policies: { max_tabs: 0 } }, 400, 'policies.max_tabs'],
  ['POST', () => '/sessions', { policies: { domain_alowlist: ['x'] } }, 400, 'domain_alowlist'],
  ['POST', () => '/sessions', { policies: [] }, 400, 'policies'],
  ['POST', () => '/sessions', { start_url: 'not a url' }, 400, 'url'],
  ['POST', () => '/sessions', { start_url: 'javascript:alert(1)' }, 400, 'scheme'],
  ['POST', () => '/sessions', { profile_read_only: true }, 400, 'profile_read_only'],
  ['POST', () => '/sessions', { profile_id: '../etc' }, 400, 'profile_id'],
  ['POST', () => '/sessions', { locale: 5 }, 400, 'locale'],
  ['POST', () => '/sessions', { timezone: 'Mars/Olympus Mons' }, 400, 'timezone'],
  ['POST', () => '/sessions', { geolocation: { latitude: 100, longitude: 0 } }, 400, 'geolocation.latitude'],
  ['POST', () => '/sessions', { labels: { a: 5 } }, 400, 'labels.a'],
  ['POST', () => '/sessions', { start_url: 'http://localhost:1/' , policies: { domain_allowlist: ['example.com'] } }, 403, 'domain_allowlist'],
  ['GET', () => '/sessions?status=sleeping', undefined, 400, 'status'],
  ['GET', () => '/sessions/ses_unknown', undefined, 404, 'ses_unknown'],
  ['DELETE', () => '/sessions/ses_unknown', undefined, 404, 'ses_unknown'],
  ['DELETE', () => '/sessions/default', undefined, 409, 'default session'],
  ['DELETE', () => `/sessions/${live}?save_profile=maybe`, undefined, 400, 'save_profile'],
  ['PATCH', () => '/sessions/ses_unknown', { policies: {} }, 404, 'ses_unknown'],
  ['PATCH', () => `/sessions/${live}`, {}, 400, 'policies'],
  ['PATCH', () => `/sessions/${live}`, { policies: { token_ttl_s: 5 } }, 400, 'policies.token_ttl_s'],
  ['PATCH', () => `/sessions/${live}`, { policies: { stealth_mode: true } }, 400, 'policies.stealth_mode'],
  ['PATCH', () => `/sessions/${live}`, { policies: { rate_limit_apm: 1.5 } }, 400, 'policies.rate_limit_apm'],
  ['GET', () => '/sessions/ses_unknown/events', undefined, 404, 'ses_unknown'],
  ['GET', () => `/sessions/${live}/events?after_id=-1`, undefined, 400, 'after_id'],
  ['GET', () => `/sessions/${live}/events?limit=lots`, undefined, 400, 'limit'],
  ['POST', () => '/tabs', { session_id: 'ses_unknown' }, 404, 'ses_unknown'],
  ['POST', () => '/tabs', { session_id: 7 }, 400, 'session_id'],
  ['GET', () => '/tabs?session_id=ses_unknown', undefined, 404, 'ses_unknown'],
  ['POST', () => '/sessions', { profile_id: 'nope' }, 404, 'nope'],
  ['POST', () => '/profiles', { id: '../x' }, 400, 'id'],
  ['POST', () => '/profiles', { name: 5 }, 400, 'name'],
  ['GET', () => '/profiles/nope', undefined, 404, 'nope'],
  ['GET', () => '/profiles/..%2Fetc', undefined, 400, 'profile id'],
  ['DELETE', () => '/profiles/nope', undefined, 404, 'nope'],
  ['DELETE', () => `/sessions/${live}?save_profile=true`, undefined, 400, 'save_profile'],
  ['GET', () => '/sessions/ses_unknown/approvals', undefined, 404, 'ses_unknown'],
  ['POST', () => `/sessions/${live}/approvals/apr_nope/approve`, {}, 404, 'apr_nope'],
  ['POST', () => `/sessions/${live}/approvals/apr_nope/deny`, {}, 404, 'apr_nope'],
];

describe('sessions bad input', () => {
  it.each(rows.map((r) => [`${r[0]} ${r[1].toString().replace(/^\(\) => /, '')} ${JSON.stringify(r[2]) ?? ''}`, r] as const))('%s', async (_name, [method, path, body, status, mentions]) => {
    const r = await h.api(method, path(), body);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.body.error).toContain(mentions);
    expect(r.body.code).toBeTruthy();
  });

  it('SSE on an unknown session is a 404 in the error shape', async () => {
    const r = await h.api('GET', '/sessions/ses_unknown/events', undefined, { accept: 'text/event-stream' });
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('SESSION_NOT_FOUND');
  });
});
