// Smooth POST /task one-shot (compat.md "Smooth /task", agent-apis.md §1.3): polled to done with
// event_t (202 while running, 200 when terminal, only newer events each time), a structured
// response_model output, smooth-lite on the fast model, allowed_urls as the session's policy, and
// GET /task, DELETE /task/{id}, enable_recording's frame bundle. Real loop, real Chromium, the fake model.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY, startSmooth, type SmoothHarness } from './smoothHarness.ts';

let h: SmoothHarness;
beforeAll(async () => { h = await startSmooth(); });
afterAll(async () => { await h?.close(); });

const schema = { type: 'object', properties: { title: { type: 'string' }, status: { type: 'string' } }, required: ['title', 'status'] };

describe('a one-shot task', () => {
  it('is polled to done: 202s then 200, event_t returns only newer events, output matches response_model', async () => {
    h.fake.script({ turns: [
      { tool: 'extract', args: { instruction: 'the page title and status line' } },
      { text: 'Static Click Fixture; status ready' },
      { tool: 'done', args: { result: { title: 'Static Click Fixture', status: 'ready' }, answer: 'done' } },
    ] });
    const origin = new URL(h.fixtures.url('/pages/static.html')).origin;
    const created = await h.smooth('POST', '/task', {
      task: 'Read the title and the status line', url: h.fixtures.url('/pages/static.html'), agent: 'smooth-lite', max_steps: 8,
      response_model: schema, metadata: { shop: 'fixture' }, allowed_urls: [`${origin}/*`], device: 'mobile',
      // What the official SDK sends on every call: accepted.
      use_captcha_solver: true, use_adblock: true, enable_recording: true, stealth_mode: false,
    });
    expect(created.status).toBe(200);
    const task = created.body.r;
    expect(task).toMatchObject({ status: expect.stringMatching(/^(waiting|running)$/), credits_used: 0, device: 'mobile', output: null });
    expect(typeof task.id).toBe('string');

    const run = await h.pollToEnd(task.id);
    expect(run.codes[0]).toBe(202);
    expect(run.codes.at(-1)).toBe(200);
    expect(run.codes.slice(0, -1).every((c) => c === 202)).toBe(true);
    expect(run.final.status).toBe('done');
    expect(run.final.output).toEqual({ title: 'Static Click Fixture', status: 'ready' });
    expect(run.final.live_url).toMatch(/\/ui\/sessions\//);
    // enable_recording: a frame bundle (JPEG frames + frames.json) at recording_url.
    expect(run.final.recording_url).toMatch(new RegExp(`/task/${task.id}/recording\\.zip$`));
    const rec = await h.raw('GET', new URL(run.final.recording_url).pathname, { headers: { apikey: KEY } });
    expect(rec.status).toBe(200);
    const file = join(h.sessionDir, 'recording-test.zip');
    writeFileSync(file, Buffer.from(await rec.arrayBuffer()));
    expect(execFileSync('unzip', ['-t', file]).toString()).toMatch(/testing: frame-0001\.jpeg\s+OK/);
    const index = JSON.parse(execFileSync('unzip', ['-p', file, 'frames.json']).toString());
    expect(index.length).toBeGreaterThan(0);
    expect(index[0]).toMatchObject({ file: 'frame-0001.jpeg', timestamp: expect.any(Number) });
    expect(execFileSync('unzip', ['-p', file, 'frame-0001.jpeg']).subarray(0, 2).toString('hex')).toBe('ffd8');
    // Every event seen once, in order, each {name, payload, id, timestamp}.
    const ids = run.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of run.events) expect(Object.keys(e).sort()).toEqual(['id', 'name', 'payload', 'timestamp']);
    expect(run.events.map((e) => e.name)).toContain('complete');
    expect(run.events.some((e) => e.name === 'log' && /captcha solver is not available locally/.test(e.payload.message))).toBe(true);
    // A later poll with the newest event_t has nothing new; without event_t it has everything.
    const last = Math.max(...run.events.map((e) => e.timestamp));
    expect((await h.smooth('GET', `/task/${task.id}?event_t=${last}`)).body.r.events).toEqual([]);
    expect((await h.smooth('GET', `/task/${task.id}`)).body.r.events.length).toBe(run.events.length);
    // smooth-lite → the fast model; the schema went to the model as the done tool's result.
    const steps = h.fake.requests.filter((r) => r.kind === 'step');
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((r) => r.body.model === 'fake-fast')).toBe(true);
    // It ran in a sessions.md session labelled as Smooth's, with allowed_urls as its policy.
    const sessions = (await h.api('GET', '/sessions')).body as any[];
    const mine = sessions.find((s) => s.labels?.compat === 'smooth' && s.labels?.device === 'mobile');
    expect(mine).toBeTruthy();
    expect(mine.policies.allowed_urls).toEqual([`${origin}/*`]);
  });

  it('GET /task lists it; DELETE /task/{id} cancels a running task ({"r": true}), then it is cancelled (200)', async () => {
    h.fake.script({ turns: [{ fault: 'hang' }] });
    const created = await h.smooth('POST', '/task', { task: 'Wait forever', url: h.fixtures.url('/pages/static.html'), enable_recording: false });
    const id = created.body.r.id;
    const list = await h.smooth('GET', '/task');
    expect(list.status).toBe(200);
    expect(list.body.r.map((t: any) => t.id)).toContain(id);
    // Cancelled at once, while the native task may still be opening its tab (DELETE waits that out).
    const del = await h.smooth('DELETE', `/task/${id}`);
    expect(del).toEqual({ status: 200, body: { r: true } });
    const run = await h.pollToEnd(id, undefined, 30_000);
    expect(run.final.status).toBe('cancelled');
    expect(run.final.recording_url).toBeNull();
    expect((await h.smooth('GET', `/task/${id}/recording.zip`)).status).toBe(404);
    expect((await h.smooth('GET', '/task/task_nope')).status).toBe(404);
  });
});
