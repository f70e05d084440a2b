// The vendor's five "Getting Started" steps (agi-sessions.txt) against /compat/agi/v1, with the real
// loop, real Chromium and the fake model: create a session, send a message, monitor it by polling
// (messages?after_id) and by SSE, control it (pause / resume / cancel, with the 409s), delete it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgi, until, sleep, type AgiHarness } from './agiClient.ts';

let a: AgiHarness;
beforeAll(async () => { a = await startAgi(); }, 60_000);
afterAll(async () => { await a?.close(); });

describe('AGI Getting Started, step by step', () => {
  it('create → message → poll and stream → pause/resume/cancel → delete', async () => {
    // 1. Create a session.
    const created = await a.call('POST', '/sessions', { agent_name: 'agi-0' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.session_id as string;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.body).toMatchObject({ agent_name: 'agi-0', status: 'ready' });
    expect(created.body.vnc_url).toMatch(/\/ui\/sessions\/ses_/);
    expect(Date.parse(created.body.created_at)).not.toBeNaN();
    expect((await a.call('GET', `/sessions/${id}`)).body).toMatchObject({ session_id: id, status: 'ready', vnc_url: created.body.vnc_url });
    expect((await a.call('GET', '/sessions')).body).toEqual([{ session_id: id, agent_name: 'agi-0', status: 'ready', created_at: created.body.created_at }]);
    expect((await a.call('GET', `/sessions/${id}/status`)).body).toEqual({ status: 'finished' });
    // It is a sessions.md session, seen by the native API under its AGI id too.
    const native = await a.h.api('GET', `/sessions/${id}`);
    expect(native.body).toMatchObject({ labels: { compat: 'agi', agi_session_id: id } });

    // 2. Send a message.
    a.fake.script({ turns: [
      { tool: 'extract', args: { instruction: 'what does the page say' }, reasoning: 'Read the page first.' },
      { text: 'The page is the static fixture' },
      { tool: 'done', args: { answer: 'It is the static fixture page' } },
    ] });
    const sent = await a.call('POST', `/sessions/${id}/message`, { message: 'Say what this page is', start_url: a.h.fixtures.url('/pages/static.html') });
    expect(sent).toEqual({ status: 200, body: { success: true, message: 'Message sent successfully' } });

    // 3a. Monitor by polling: after_id = the highest id seen, until DONE.
    let afterId = 0;
    const seen: any[] = [];
    const statuses = new Set<string>();
    await until(async () => {
      const r = await a.call('GET', `/sessions/${id}/messages?after_id=${afterId}`);
      expect(r.status).toBe(200);
      statuses.add(r.body.status);
      for (const m of r.body.messages) { expect(m.id).toBeGreaterThan(afterId); afterId = m.id; seen.push(m); }
      return seen.some((m) => m.type === 'DONE');
    }, 'DONE message');
    const types = seen.map((m) => m.type);
    expect(types).toContain('THOUGHT');
    expect(types).not.toContain('LOG'); // sanitize defaults to true
    const done = seen.find((m) => m.type === 'DONE');
    expect(done).toMatchObject({ content: 'It is the static fixture page', metadata: { result: 'It is the static fixture page' } });
    expect(typeof done.timestamp).toBe('string');
    expect(seen.find((m) => m.type === 'THOUGHT' && m.content === 'Read the page first.')).toBeTruthy();
    const after = await a.call('GET', `/sessions/${id}/messages?after_id=${afterId}`);
    expect(after.body).toEqual({ messages: [], status: 'finished', has_agent: false });
    const unsanitized = (await a.call('GET', `/sessions/${id}/messages?sanitize=false`)).body.messages;
    expect(unsanitized.some((m: any) => m.type === 'LOG' && /Navigated to .*static\.html/.test(m.content))).toBe(true);
    expect(unsanitized.some((m: any) => m.type === 'LOG' && m.content === 'User: Say what this page is')).toBe(true);
    expect((await a.call('GET', `/sessions/${id}`)).body.status).toBe('completed');
    expect((await a.call('GET', `/sessions/${id}/status`)).body).toEqual({ status: 'finished' });

    // 3b. Monitor by SSE: the same messages replayed (include_history), id: = message id.
    const frames = await a.sse(`/sessions/${id}/events?include_history=true`, (f) => f.event === 'done');
    const doneFrame = frames.find((f) => f.event === 'done')!;
    expect(doneFrame).toMatchObject({ id: String(done.id), data: { text: 'It is the static fixture page', result: 'It is the static fixture page', message_id: done.id } });
    expect(frames.some((f) => f.event === 'thought' && f.data.text === 'Read the page first.')).toBe(true);
    expect(frames.find((f) => f.event === 'step')!.data).toEqual({ action: 'extract', ref: null, value: null, url: a.h.fixtures.url('/pages/static.html') });
    expect(frames.some((f) => f.event === 'log')).toBe(false);

    // 4. Control execution: pause holds the agent before its next model call, and the page's clock.
    a.fake.script({ turns: [{ tool: 'scroll', args: { direction: 'down' } }, { tool: 'scroll', args: { direction: 'up' } }, { fault: 'hang' }] });
    await a.call('POST', `/sessions/${id}/message`, { message: 'Scroll about', start_url: a.h.fixtures.url('/pages/agent-search.html') });
    await until(async () => (await a.call('GET', `/sessions/${id}/messages`)).body.messages.some((m: any) => m.metadata.step?.action === 'scroll'), 'a first step');
    const live = a.sse(`/sessions/${id}/events`, (f) => f.event === 'resumed');
    await sleep(200);
    const paused = await a.call('POST', `/sessions/${id}/pause`);
    expect(paused).toEqual({ status: 200, body: { success: true, message: 'Session paused successfully' } });
    expect((await a.call('GET', `/sessions/${id}`)).body.status).toBe('paused');
    await sleep(300);
    const held = a.fake.requests.length;
    await sleep(1200);
    expect(a.fake.requests.length).toBe(held);
    const nativeTab = (await a.h.api('GET', `/sessions/${id}`)).body.tabs.at(-1).id;
    expect((await a.h.api('GET', `/tabs/${nativeTab}/execution`)).body.paused).toBe(true);
    const again = await a.call('POST', `/sessions/${id}/pause`);
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('already_paused');
    const resumed = await a.call('POST', `/sessions/${id}/resume`);
    expect(resumed).toEqual({ status: 200, body: { success: true, message: 'Session resumed successfully' } });
    const notPaused = await a.call('POST', `/sessions/${id}/resume`);
    expect(notPaused.status).toBe(409);
    expect(notPaused.body.detail).toBe('not_paused');
    const controlFrames = await live;
    expect(controlFrames.map((f) => f.event)).toEqual(expect.arrayContaining(['paused', 'resumed']));
    expect((await a.call('GET', `/sessions/${id}`)).body.status).toBe('running');
    expect((await a.call('GET', `/sessions/${id}/status`)).body.status).toBe('running');
    await until(async () => a.fake.requests.length > held, 'the agent goes on after resume');
    const cancelled = await a.call('POST', `/sessions/${id}/cancel`);
    expect(cancelled).toEqual({ status: 200, body: { success: true, message: 'Session cancelled successfully' } });
    expect((await a.call('GET', `/sessions/${id}`)).body.status).toBe('ready');
    expect((await a.call('GET', `/sessions/${id}/messages`)).body.has_agent).toBe(false);

    // navigate and screenshot on the session's page.
    const nav = await a.call('POST', `/sessions/${id}/navigate`, { url: a.h.fixtures.url('/pages/static.html') });
    expect(nav.status, JSON.stringify(nav.body)).toBe(200);
    expect(nav.body.current_url).toBe(a.h.fixtures.url('/pages/static.html'));
    const shot = await a.call('GET', `/sessions/${id}/screenshot`);
    expect(shot.status).toBe(200);
    expect(shot.body.screenshot).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    expect(shot.body.url).toBe(a.h.fixtures.url('/pages/static.html'));
    expect(typeof shot.body.title).toBe('string');

    // 5. Clean up.
    const deleted = await a.call('DELETE', `/sessions/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.success).toBe(true);
    expect((await a.call('GET', `/sessions/${id}`)).status).toBe(404);
    expect((await a.call('GET', `/sessions/${id}`)).body.detail).toBe('Session not found');
    expect((await a.h.api('GET', `/sessions/${native.body.session_id}`)).body.status).toBe('terminated');
  }, 120_000);

  it('pause of an idle session holds a message until resume; cancel leaves it ready', async () => {
    const id = (await a.call('POST', '/sessions', {})).body.session_id;
    expect((await a.call('POST', `/sessions/${id}/pause`)).status).toBe(200);
    expect((await a.call('GET', `/sessions/${id}`)).body.status).toBe('paused');
    a.fake.script({ turns: [{ tool: 'done', args: { answer: 'after the pause' } }] });
    expect((await a.call('POST', `/sessions/${id}/message`, { message: 'Say something', start_url: a.h.fixtures.url('/pages/static.html') })).body.success).toBe(true);
    await sleep(800);
    expect(a.fake.requests.length).toBe(0);
    expect((await a.call('GET', `/sessions/${id}/messages`)).body).toMatchObject({ messages: [], has_agent: false });
    expect((await a.call('POST', `/sessions/${id}/resume`)).status).toBe(200);
    const done = await until(async () => (await a.call('GET', `/sessions/${id}/messages`)).body.messages.find((m: any) => m.type === 'DONE'), 'DONE');
    expect(done.content).toBe('after the pause');
    const cancelled = await a.call('POST', `/sessions/${id}/cancel`);
    expect(cancelled.body).toEqual({ success: true, message: 'Session cancelled successfully' });
    expect((await a.call('GET', `/sessions/${id}`)).body.status).toBe('ready');
    await a.call('DELETE', `/sessions/${id}`);
  }, 60_000);
});
