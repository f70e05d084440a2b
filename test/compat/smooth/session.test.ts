// A Smooth session (compat.md "Smooth /task"): POST /task {"task": null} opens a sessions.md
// session the client drives with POST /task/{id}/event — goto → evaluate_js → extract → run_task →
// close — each answered by an event carrying the request's id and {code, output: {output}}; the
// session's policies gate the actions (allowed_urls, allow_js_eval → code 400); run_task's secrets
// only on their allowed_urls and never in a prompt; a close's result is polled while the session
// still reads running, then it is done. Real Chromium, the fake model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmooth, type SmoothHarness } from './smoothHarness.ts';

let h: SmoothHarness;
beforeAll(async () => { h = await startSmooth(); });
afterAll(async () => { await h?.close(); });

async function send(id: string, name: string, action: string, input: Record<string, unknown> = {}, eventId?: string): Promise<any> {
  const r = await h.smooth('POST', `/task/${id}/event`, { name, payload: { name: action, input }, ...(eventId ? { id: eventId } : {}) });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const sent = r.body.r.id as string;
  if (eventId) expect(sent).toBe(eventId);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const got = await h.smooth('GET', `/task/${id}`);
    const result = (got.body.r.events as any[]).find((e) => e.id === sent);
    if (result) return { ...result, httpStatus: got.status, taskStatus: got.body.r.status };
    if (Date.now() > deadline) throw new Error(`no result for ${action}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a session opened with task: null', () => {
  it('is driven by goto → evaluate_js → extract → run_task → close, policy-gated', async () => {
    const signup = h.fixtures.url('/pages/agent-signup.html');
    const origin = new URL(signup).origin;
    const created = await h.smooth('POST', '/task', { task: null, url: h.fixtures.url('/pages/static.html'), allowed_urls: [`${origin}/*`] });
    expect(created.status).toBe(200);
    const task = created.body.r;
    expect(task.status).toBe('running');
    const sessionId = decodeURIComponent(String(task.live_url).split('/ui/sessions/')[1]!);
    expect((await h.smooth('GET', `/task/${task.id}`)).status).toBe(202);

    const goto = await send(task.id, 'browser_action', 'goto', { url: signup }, 'my-goto-1');
    expect(goto).toMatchObject({ id: 'my-goto-1', name: 'browser_action', payload: { code: 200, output: { output: null, credits_used: 0 } } });

    const title = await send(task.id, 'browser_action', 'evaluate_js', { js: 'document.title' });
    expect(title.payload).toMatchObject({ code: 200, output: { output: 'Create your account' } });
    const fn = await send(task.id, 'browser_action', 'evaluate_js', { js: '(args) => args.a + 1', args: { a: 41 } });
    expect(fn.payload.output.output).toBe(42);
    const threw = await send(task.id, 'browser_action', 'evaluate_js', { js: '(() => { throw new Error("boom") })()' });
    expect(threw.payload.code).toBe(400);
    expect(threw.payload.output.error).toMatch(/boom/);

    // allowed_urls is the session's policy: the same page on another origin string is refused.
    const outside = await send(task.id, 'browser_action', 'goto', { url: signup.replace('127.0.0.1', 'localhost') });
    expect(outside.payload.code).toBe(400);
    expect(outside.payload.output.error).toMatch(/allowed_urls/);

    h.fake.script({ turns: [{ object: { heading: 'Create your account', fields: 4 } }] });
    const extracted = await send(task.id, 'browser_action', 'extract', {
      schema: { type: 'object', properties: { heading: { type: 'string' }, fields: { type: 'number' } }, required: ['heading'] }, prompt: 'The heading and how many text fields',
    });
    expect(extracted.payload).toMatchObject({ code: 200, output: { output: { heading: 'Create your account', fields: 4 } } });
    expect(h.fake.requests.at(-1)!.lastUserText).toContain('Create your account');

    const secret = 'Zebra-Secret-991';
    h.fake.script({ turns: [
      { tool: 'fill', target: { role: 'textbox', name: 'Password' }, args: { value: '{{secret.pw}}' } },
      { tool: 'done', args: { answer: 'password typed' } },
    ] });
    const ran = await send(task.id, 'session_action', 'run_task', { task: 'Type my password', max_steps: 6, secrets: { pw: { value: secret, allowed_urls: [`${origin}/*`] } } });
    expect(ran.payload).toMatchObject({ code: 200, output: { output: 'password typed' } });
    expect(h.fake.allText()).not.toContain(secret);
    // Later actions continue in the page the task left.
    const typed = await send(task.id, 'browser_action', 'evaluate_js', { js: 'document.getElementById("password").value' });
    expect(typed.payload.output.output).toBe(secret);
    const bad = await send(task.id, 'session_action', 'run_task', { max_steps: 300 });
    expect(bad.payload.code).toBe(400);
    expect(bad.payload.output.error).toMatch(/input\.task: required/);

    // allow_js_eval off (the session's policy, changed live): evaluate_js is refused with code 400.
    expect((await h.api('PATCH', `/sessions/${sessionId}`, { policies: { allow_js_eval: false } })).status).toBe(200);
    const gated = await send(task.id, 'browser_action', 'evaluate_js', { js: '1 + 1' });
    expect(gated.payload.code).toBe(400);
    expect(gated.payload.output.error).toMatch(/allow_js_eval|JavaScript/i);

    const closed = await send(task.id, 'session_action', 'close', {}, 'close-1');
    expect(closed.payload).toMatchObject({ code: 200, output: { output: true } });
    // The poll that carried the close's result still read the session running (the SDK reads events only then)…
    expect(closed.httpStatus).toBe(202);
    // …the next one reads it done.
    const after = await h.smooth('GET', `/task/${task.id}`);
    expect(after.status).toBe(200);
    expect(after.body.r.status).toBe('done');
    expect((await h.api('GET', `/sessions/${sessionId}`)).body.status).toBe('terminated');
    const late = await h.smooth('POST', `/task/${task.id}/event`, { name: 'browser_action', payload: { name: 'goto', input: { url: signup } } });
    expect(late.status).toBe(400);
    expect(late.body.detail).toMatch(/is done/);
  });

  it('device mobile: 390×844 with a mobile user agent and touch; desktop-lg 1920×1080', async () => {
    for (const [device, width, height, mobile] of [['mobile', 390, 844, true], ['desktop-lg', 1920, 1080, false]] as const) {
      const created = await h.smooth('POST', '/task', { task: null, device, url: h.fixtures.url('/pages/static.html') });
      expect(created.body.r.device).toBe(device);
      const seen = await send(created.body.r.id, 'browser_action', 'evaluate_js', { js: '({ w: innerWidth, h: innerHeight, ua: navigator.userAgent, touch: navigator.maxTouchPoints > 0 })' });
      expect(seen.payload.output.output).toMatchObject({ w: width, h: height, touch: mobile });
      expect(/iPhone|Mobile/.test(seen.payload.output.output.ua)).toBe(mobile);
      await h.smooth('DELETE', `/task/${created.body.r.id}`);
    }
  });

  it('refuses events that are not the vendor\'s (422 naming the field)', async () => {
    const created = await h.smooth('POST', '/task', { task: null });
    const id = created.body.r.id;
    const cases: [unknown, RegExp][] = [
      [{ payload: {} }, /^name: required/],
      [{ name: 'navigate', payload: {} }, /^name: "navigate" is not an event/],
      [{ name: 'browser_action', payload: { name: 'click', input: {} } }, /^payload\.name: "click" is not a browser_action/],
      [{ name: 'browser_action', payload: { name: 'goto', input: 'x' } }, /^payload\.input: must be an object/],
      [{ name: 'tool_call', payload: { code: 200, output: 1 } }, /^id: required for a tool_call answer/],
    ];
    for (const [body, message] of cases) {
      const r = await h.smooth('POST', `/task/${id}/event`, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.detail).toMatch(message);
    }
    const unknownTool = await h.smooth('POST', `/task/${id}/event`, { name: 'tool_call', id: 'nope', payload: { code: 200, output: 1 } });
    expect(unknownTool.status).toBe(404);
    expect((await h.smooth('DELETE', `/task/${id}`)).body).toEqual({ r: true });
    expect((await h.smooth('GET', `/task/${id}`)).body.r.status).toBe('cancelled');
  });
});
