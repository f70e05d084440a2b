// Webhooks (agent-apis.md §1.2.1) to a local receiver: session.created at once, task.started after a
// message, session.status_changed on pause/resume/cancel, task.question / task.done at the task's
// terminal events, session.deleted; a 500 is retried with backoff (the test shortens it) and never
// holds the session back; a receiver that never answers is given up on after the per-attempt timeout.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agiSurfaceOf } from '../../../daemon/compat/agi/plugin.ts';
import { startAgi, until, type AgiHarness } from './agiClient.ts';

interface Hit { at: number; path: string; body: any }
let a: AgiHarness;
let receiver: Server;
let base: string;
const hits: Hit[] = [];
/** How many times a path answers 500 before 200; 'hang' never answers. */
const failures = new Map<string, number | 'hang'>();

async function read(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of req) s += chunk;
  return s;
}

beforeAll(async () => {
  a = await startAgi();
  const t = agiSurfaceOf(a.h.daemon.deps)!.webhooks.timing;
  Object.assign(t, { backoffMs: 100, timeoutMs: 500, totalMs: 5_000 });
  receiver = createServer(async (req, res) => {
    const body = JSON.parse(await read(req));
    hits.push({ at: Date.now(), path: req.url!, body });
    const left = failures.get(req.url!);
    if (left === 'hang') return; // never answers
    if (typeof left === 'number' && left > 0) { failures.set(req.url!, left - 1); res.writeHead(500).end('boom'); return; }
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => { receiver?.closeAllConnections(); receiver?.close(); await a?.close(); });

const eventsAt = (path: string) => hits.filter((h) => h.path === path).map((h) => h.body.event);

describe('webhooks to a local receiver', () => {
  it('delivers the lifecycle, retrying a 500 with growing pauses', async () => {
    failures.set('/hook1', 2); // the first two attempts (session.created) answer 500
    const created = await a.call('POST', '/sessions', { webhook_url: `${base}/hook1` });
    expect(created.status).toBe(201);
    const id = created.body.session_id;
    await until(async () => eventsAt('/hook1').length >= 3, 'session.created delivered after two 500s', 10_000);
    const tries = hits.filter((h) => h.path === '/hook1' && h.body.event === 'session.created');
    expect(tries).toHaveLength(3);
    expect(tries[0]!.body).toMatchObject({ event: 'session.created', session_id: id, data: { status: 'ready', agent_name: 'agi-0' } });
    expect(Date.parse(tries[0]!.body.timestamp)).not.toBeNaN();
    // Backoff: the second pause is longer than the first (100 ms, then 200 ms).
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(90);
    expect(tries[2]!.at - tries[1]!.at).toBeGreaterThanOrEqual(190);

    a.fake.script({ turns: [
      { tool: 'ask_user', args: { question: 'Which size?' } },
      { tool: 'done', args: { answer: 'size M ordered' } },
    ] });
    await a.call('POST', `/sessions/${id}/message`, { message: 'Order a shirt', start_url: a.h.fixtures.url('/pages/agent-search.html') });
    await until(async () => eventsAt('/hook1').includes('task.question'), 'task.question');
    const q = hits.find((h) => h.body.event === 'task.question')!.body;
    expect(q).toMatchObject({ session_id: id, data: { text: 'Which size?', message_id: expect.any(Number), task_id: expect.stringMatching(/^task_/) } });
    await a.call('POST', `/sessions/${id}/message`, { message: 'M' });
    await until(async () => eventsAt('/hook1').includes('task.done'), 'task.done');
    expect(hits.find((h) => h.body.event === 'task.done')!.body.data).toMatchObject({ text: 'size M ordered', result: 'size M ordered' });

    await a.call('POST', `/sessions/${id}/pause`);
    await a.call('POST', `/sessions/${id}/resume`);
    await a.call('DELETE', `/sessions/${id}`);
    await until(async () => eventsAt('/hook1').includes('session.deleted'), 'session.deleted');
    const order = eventsAt('/hook1').filter((e, i, all) => all.indexOf(e) === i);
    expect(order).toEqual(['session.created', 'task.started', 'task.question', 'task.done', 'session.status_changed', 'session.deleted']);
    const changes = hits.filter((h) => h.body.event === 'session.status_changed').map((h) => h.body.data);
    expect(changes).toEqual([
      expect.objectContaining({ status: 'paused', cause: 'paused' }),
      expect.objectContaining({ status: 'completed', previous_status: 'paused', cause: 'resumed' }),
    ]);
  }, 60_000);

  it('a receiver that never answers does not hold the session back; it is given up on after its retries', async () => {
    failures.set('/hang', 'hang');
    const t = agiSurfaceOf(a.h.daemon.deps)!.webhooks.timing;
    t.timeoutMs = 10_000; // the first attempt hangs for as long as the vendor's timeout
    const created = await a.call('POST', '/sessions', { webhook_url: `${base}/hang` });
    expect(created.status).toBe(201);
    const id = created.body.session_id;
    await until(async () => hits.some((h) => h.path === '/hang'), 'the first attempt');
    const paused = await a.call('POST', `/sessions/${id}/pause`);
    expect(paused.status).toBe(200);
    expect((await a.call('GET', `/sessions/${id}`)).body.status).toBe('paused');
    // Both answered while session.created's first attempt still hangs: nothing waited for it.
    expect(hits.filter((h) => h.path === '/hang').map((h) => h.body.event)).toEqual(['session.created']);
    t.timeoutMs = 500;
    receiver.closeAllConnections(); // the first attempt fails now; the retries hang 500 ms each
    // 1 attempt + 3 retries of session.created, each cut at the timeout, then the next event.
    await until(async () => hits.filter((h) => h.path === '/hang' && h.body.event === 'session.created').length === 4
      && hits.some((h) => h.path === '/hang' && h.body.event === 'session.status_changed'), 'the retries, then the next event', 15_000);
    await a.call('DELETE', `/sessions/${id}`);
  }, 30_000);

  it('--allow-webhook-host admits a host besides loopback', async () => {
    const refused = await a.call('POST', '/sessions', { webhook_url: 'http://hooks.internal.test/x' });
    expect(refused.status).toBe(400);
    a.h.daemon.deps.config.allowWebhookHosts.push('hooks.internal.test');
    try {
      const allowed = await a.call('POST', '/sessions', { webhook_url: 'http://hooks.internal.test/x' });
      expect(allowed.status, JSON.stringify(allowed.body)).toBe(201);
      await a.call('DELETE', `/sessions/${allowed.body.session_id}`);
    } finally { a.h.daemon.deps.config.allowWebhookHosts.pop(); }
  });
});
