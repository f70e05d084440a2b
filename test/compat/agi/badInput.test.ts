// The bad-input table of the AGI surface (issue 19) in the vendor's shapes — `{detail}` with a 4xx,
// the field named and what to do — plus the SSE rules: event_types checked before the stream,
// Last-Event-ID resuming after a frame (nothing lost on a disconnect), the heartbeat frame.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEARTBEAT_MS } from '../../../daemon/compat/agi/events.ts';
import { startAgi, until, type AgiHarness } from './agiClient.ts';

let a: AgiHarness;
let id: string;
beforeAll(async () => {
  a = await startAgi();
  id = (await a.call('POST', '/sessions', {})).body.session_id;
}, 60_000);
afterAll(async () => { await a?.close(); });

const GHOST = '00000000-0000-4000-8000-000000000000';

describe('bad input → the vendor\'s 4xx shapes', () => {
  const table: [string, () => [string, string, unknown?], number, RegExp][] = [
    ['message over 10,000 characters', () => ['POST', `/sessions/${id}/message`, { message: 'x'.repeat(10_001) }], 400, /message: at most 10000 characters \(got 10001\)/],
    ['message missing', () => ['POST', `/sessions/${id}/message`, {}], 400, /message: required/],
    ['message empty', () => ['POST', `/sessions/${id}/message`, { message: '   ' }], 400, /message: must not be empty/],
    ['message not a string', () => ['POST', `/sessions/${id}/message`, { message: 42 }], 400, /message: must be a string/],
    ['non-http start_url', () => ['POST', `/sessions/${id}/message`, { message: 'hi', start_url: 'ftp://example.test/' }], 400, /start_url: must be an http or https URL/],
    ['javascript: start_url', () => ['POST', `/sessions/${id}/message`, { message: 'hi', start_url: 'javascript:alert(1)' }], 400, /start_url: must be an http or https URL/],
    ['relative start_url', () => ['POST', `/sessions/${id}/message`, { message: 'hi', start_url: '/pages/x.html' }], 400, /start_url: not a URL/],
    ['unknown session: get', () => ['GET', `/sessions/${GHOST}`], 404, /Session not found/],
    ['unknown session: message', () => ['POST', `/sessions/${GHOST}/message`, { message: 'hi' }], 404, /Session not found/],
    ['unknown session: messages', () => ['GET', `/sessions/${GHOST}/messages`], 404, /Session not found/],
    ['unknown session: events', () => ['GET', `/sessions/${GHOST}/events`], 404, /Session not found/],
    ['unknown session: pause', () => ['POST', `/sessions/${GHOST}/pause`], 404, /Session not found/],
    ['unknown session: delete', () => ['DELETE', `/sessions/${GHOST}`], 404, /Session not found/],
    ['bad event_types', () => ['GET', `/sessions/${id}/events?event_types=thought,bogus`], 400, /event_types: unknown "bogus"; use a comma list of step, thought/],
    ['bad agent_name', () => ['POST', '/sessions', { agent_name: 'gpt-9' }], 400, /agent_name: unknown agent "gpt-9"; use agi-0/],
    ['webhook_url not loopback', () => ['POST', '/sessions', { webhook_url: 'https://hooks.example.com/x' }], 400, /webhook_url: hooks\.example\.com is not a loopback host.*--allow-webhook-host/],
    ['webhook_url at abpd itself', () => ['POST', '/sessions', { webhook_url: `${a.origin}/api/v1/browser/shutdown` }], 400, /webhook_url: points at this abpd itself/],
    ['webhook_url not http', () => ['POST', '/sessions', { webhook_url: 'file:///etc/passwd' }], 400, /webhook_url: must be an http or https URL/],
    ['restore from a session with no snapshot', () => ['POST', '/sessions', { restore_from_session_id: GHOST }], 404, /restore_from_session_id: session .* left no snapshot/],
    ['bad save_snapshot_mode', () => ['DELETE', `/sessions/${id}?save_snapshot_mode=disk`], 400, /save_snapshot_mode: "disk" is not one of none, memory, filesystem/],
    ['bad after_id', () => ['GET', `/sessions/${id}/messages?after_id=-1`], 400, /after_id: must be a whole number/],
    ['bad sanitize', () => ['GET', `/sessions/${id}/messages?sanitize=maybe`], 400, /sanitize: must be true or false/],
    ['navigate to a non-http URL', () => ['POST', `/sessions/${id}/navigate`, { url: 'chrome://settings' }], 400, /url: must be an http or https URL/],
    ['navigate without url', () => ['POST', `/sessions/${id}/navigate`, {}], 400, /url: required/],
    ['resume when not paused', () => ['POST', `/sessions/${id}/resume`], 409, /not_paused/],
    ['not JSON', () => ['POST', `/sessions/${id}/message`, '{"message": '], 400, /invalid JSON body/],
    ['unknown endpoint', () => ['GET', '/agents'], 404, /no AGI endpoint GET \/compat\/agi\/v1\/agents/],
  ];
  for (const [what, req, status, text] of table) {
    it(what, async () => {
      const [method, path, body] = req();
      const r = await a.call(method, path, body);
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(typeof r.body.detail).toBe('string');
      expect(`${r.body.detail} ${r.body.message ?? ''}`).toMatch(text);
    });
  }

  it('no key → 401 {detail} saying how to send one', async () => {
    const r = await fetch(`${a.origin}/compat/agi/v1/sessions`);
    expect(r.status).toBe(401);
    expect((await r.json()).detail).toMatch(/No API key was sent.*Authorization: Bearer/);
  });

  it('the session survived the table (a refused message starts nothing)', async () => {
    expect((await a.call('GET', `/sessions/${id}`)).body.status).toBe('ready');
    expect((await a.call('GET', `/sessions/${id}/messages?sanitize=false`)).body.messages).toEqual([]);
  });
});

describe('SSE resume and heartbeat', () => {
  it('Last-Event-ID resumes after the last frame seen; event_types filters; a heartbeat carries {timestamp}', async () => {
    a.fake.script({ turns: [
      { tool: 'scroll', args: { direction: 'down' }, reasoning: 'Look further down.' },
      { tool: 'done', args: { answer: 'seen it' } },
    ] });
    await a.call('POST', `/sessions/${id}/message`, { message: 'Look at the page', start_url: a.h.fixtures.url('/pages/agent-search.html') });
    await until(async () => (await a.call('GET', `/sessions/${id}/messages`)).body.messages.some((m: any) => m.type === 'DONE'), 'DONE');
    const all = await a.sse(`/sessions/${id}/events?include_history=true`, (f) => f.event === 'done');
    expect(all.length).toBeGreaterThan(2);
    // A client that saw only the first frame reconnects: it gets exactly the rest.
    const rest = await a.sse(`/sessions/${id}/events`, (f) => f.event === 'done', { 'last-event-id': all[0]!.id! });
    expect(rest.map((f) => f.id)).toEqual(all.slice(1).map((f) => f.id));
    // Without include_history (and no Last-Event-ID) a new client starts from now.
    const onlyThoughts = await a.sse(`/sessions/${id}/events?include_history=true&event_types=thought`, (_f, fs) => fs.length >= 1);
    expect(onlyThoughts.every((f) => f.event === 'thought')).toBe(true);
    expect(onlyThoughts[0]!.data).toMatchObject({ text: 'Look further down.', message_id: Number(onlyThoughts[0]!.id) });
    const unsanitized = await a.sse(`/sessions/${id}/events?include_history=true&sanitize=false&event_types=log`, (_f, fs) => fs.length >= 1);
    expect(unsanitized[0]!.event).toBe('log');
    const before = HEARTBEAT_MS.value;
    HEARTBEAT_MS.value = 200;
    try {
      const beats = await a.sse(`/sessions/${id}/events?event_types=heartbeat`, (f) => f.event === 'heartbeat', {}, 5_000);
      expect(Date.parse(beats[0]!.data.timestamp)).not.toBeNaN();
      expect(beats.every((f) => f.event === 'heartbeat')).toBe(true);
    } finally { HEARTBEAT_MS.value = before; }
  }, 60_000);
});
