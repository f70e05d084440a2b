// Smooth's refusals (compat.md "Smooth /task", agent-apis.md §1.3.1): 422 naming the field, 403
// "not available locally" for cloud-only features, 404 unknown, 401 without a key, 400 for a body
// that is not JSON, 429 when --max-agent-tasks run and as many wait — all in the {"r": null,
// "detail"} wrapper. The daemon runs one agent task at a time here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, KEY, startSmooth, type SmoothHarness } from './smoothHarness.ts';

let h: SmoothHarness;
beforeAll(async () => { h = await startSmooth({ maxAgentTasks: 1 }); });
afterAll(async () => { await h?.close(); });

const ok = { task: 'Say hello', url: 'https://example.com/' };
const table: [string, Record<string, unknown>, number, RegExp][] = [
  ['task missing', { url: 'https://example.com/' }, 422, /^task: required/],
  ['task not a string', { task: 5 }, 422, /^task: must be a non-empty string, or null/],
  ['max_steps 1', { ...ok, max_steps: 1 }, 422, /^max_steps: must be a whole number from 2 to 128/],
  ['max_steps 129', { ...ok, max_steps: 129 }, 422, /^max_steps: /],
  ['max_steps 2.5', { ...ok, max_steps: 2.5 }, 422, /^max_steps: /],
  ['agent unknown', { ...ok, agent: 'smooth-max' }, 422, /^agent: must be "smooth" or "smooth-lite"/],
  ['device unknown', { ...ok, device: 'tablet' }, 422, /^device: must be "desktop", "desktop-lg" or "mobile"/],
  ['response_model not an object', { ...ok, response_model: 'a title' }, 422, /^response_model: must be a JSON Schema object/],
  ['url not http', { ...ok, url: 'ftp://example.com/' }, 422, /^url: must be an absolute http\(s\) URL/],
  ['metadata 17 keys', { ...ok, metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }, 422, /^metadata: at most 16 keys/],
  ['metadata value too long', { ...ok, metadata: { note: 'x'.repeat(2049) } }, 422, /^metadata\.note: at most 2048 characters/],
  ['allowed_urls not strings', { ...ok, allowed_urls: [3] }, 422, /^allowed_urls: must be a list/],
  ['stealth_mode not boolean', { ...ok, stealth_mode: 'yes' }, 422, /^stealth_mode: must be true or false/],
  ['profile_read_only without profile_id', { ...ok, profile_read_only: true }, 422, /^profile_read_only: needs profile_id/],
  ['custom tool without name', { ...ok, custom_tools: [{ description: 'x' }] }, 422, /^custom_tools\[0\]\.name: required/],
  ['certificates', { ...ok, certificates: [{ file: 'abc' }] }, 403, /certificates .*not available locally/],
  ['extensions', { ...ok, extensions: ['ext_1'] }, 403, /extensions .*not available locally/],
];

describe('POST /task refusals', () => {
  for (const [what, body, status, message] of table) {
    it(`${what} → ${status}`, async () => {
      const r = await h.smooth('POST', '/task', body);
      expect(r.status).toBe(status);
      expect(r.body.r).toBeNull();
      expect(r.body.detail).toMatch(message);
    });
  }

  it('401 without apikey, 400 for a body that is not JSON, 404 for an unknown task or endpoint, 403 for /extension', async () => {
    const noKey = await h.smooth('POST', '/task', ok, {});
    expect(noKey.status).toBe(401);
    expect(noKey.body.detail).toMatch(/apikey/);
    const raw = await h.raw('POST', `${BASE}/task`, { body: '{"task": ', headers: { apikey: KEY, 'content-type': 'application/json' } });
    expect(raw.status).toBe(400);
    expect((await raw.json()).detail).toMatch(/invalid JSON body/);
    expect((await h.smooth('GET', '/task/nope')).status).toBe(404);
    expect((await h.smooth('DELETE', '/task/nope')).status).toBe(404);
    expect((await h.smooth('POST', '/task/nope/event', { name: 'browser_action', payload: { name: 'goto', input: { url: 'https://example.com/' } } })).status).toBe(404);
    expect((await h.smooth('GET', '/task/nope?event_t=-3')).status).toBe(422);
    expect((await h.smooth('GET', '/nothing')).status).toBe(404);
    const ext = await h.smooth('GET', '/extension');
    expect(ext.status).toBe(403);
    expect(ext.body.detail).toMatch(/not available locally/);
  });

  it('429 once one task runs and one waits (--max-agent-tasks 1); a slot freed admits again', async () => {
    h.fake.script({ turns: () => ({ fault: 'hang' }) });
    const a = await h.smooth('POST', '/task', { task: 'Hang one', url: h.fixtures.url('/pages/static.html') });
    const b = await h.smooth('POST', '/task', { task: 'Hang two', url: h.fixtures.url('/pages/static.html') });
    expect([a.status, b.status]).toEqual([200, 200]);
    const c = await h.smooth('POST', '/task', { task: 'One too many', url: h.fixtures.url('/pages/static.html') });
    expect(c.status).toBe(429);
    expect(c.body.detail).toMatch(/task queue is full.*--max-agent-tasks/);
    // Sessions (task: null) need no agent slot: still admitted.
    const session = await h.smooth('POST', '/task', { task: null });
    expect(session.status).toBe(200);
    expect(session.body.r.status).toBe('running');
    expect((await h.smooth('DELETE', `/task/${session.body.r.id}`)).body).toEqual({ r: true });
    for (let i = 0; i < 100 && (await h.smooth('GET', `/task/${a.body.r.id}`)).body.r.status !== 'running'; i++) await new Promise((r) => setTimeout(r, 100));
    await h.smooth('DELETE', `/task/${a.body.r.id}`);
    expect((await h.pollToEnd(a.body.r.id, undefined, 30_000)).final.status).toBe('cancelled');
    for (let i = 0; i < 100 && (await h.smooth('GET', `/task/${b.body.r.id}`)).body.r.status !== 'running'; i++) await new Promise((r) => setTimeout(r, 100));
    const d = await h.smooth('POST', '/task', { task: 'Now there is room', url: h.fixtures.url('/pages/static.html') });
    expect(d.status).toBe(200);
    await h.smooth('DELETE', `/task/${b.body.r.id}`);
    await h.pollToEnd(b.body.r.id, undefined, 30_000);
    for (let i = 0; i < 100 && (await h.smooth('GET', `/task/${d.body.r.id}`)).body.r.status !== 'running'; i++) await new Promise((r) => setTimeout(r, 100));
    await h.smooth('DELETE', `/task/${d.body.r.id}`);
    await h.pollToEnd(d.body.r.id, undefined, 30_000);
  });
});
