// Smooth profiles and custom tools (compat.md "Smooth /task"): a /profile reused by two tasks keeps
// the login the first one made (the session saves it when the task ends); a custom tool the agent
// calls shows as a `tool_call` event the client answers with POST /task/{id}/event under the same id,
// and the answer reaches the model. Real loop, real Chromium, the fake model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmooth, type SmoothHarness } from './smoothHarness.ts';

let h: SmoothHarness;
beforeAll(async () => { h = await startSmooth(); });
afterAll(async () => { await h?.close(); });

describe('profiles', () => {
  it('a profile reused across two tasks keeps the login; /profile lists and deletes it', async () => {
    const made = await h.smooth('POST', '/profile', { id: 'shop' });
    expect(made.status).toBe(200);
    expect(made.body.r.id).toBe('shop');
    const page = h.fixtures.url('/pages/smooth-login.html');

    h.fake.script({ turns: [
      { tool: 'click', target: { role: 'button', name: 'Sign in' } },
      { tool: 'done', args: { answer: 'signed in' } },
    ] });
    const first = await h.smooth('POST', '/task', { task: 'Sign in to the shop', url: page, profile_id: 'shop' });
    expect(first.status).toBe(200);
    expect((await h.pollToEnd(first.body.r.id)).final).toMatchObject({ status: 'done', output: 'signed in' });
    // The task's session ends (and saves the profile) just after the task: wait for it.
    for (let i = 0; i < 50; i++) {
      const sessions = (await h.api('GET', '/sessions')).body as any[];
      if (!sessions.some((s) => s.profile_id === 'shop' && s.status !== 'terminated' && s.status !== 'expired')) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    let sawWelcome = false;
    h.fake.script({ turns: (req) => {
      sawWelcome ||= req.lastUserText.includes('Welcome back, ada');
      return { tool: 'done', args: { answer: sawWelcome ? 'already signed in' : 'not signed in' } };
    } });
    const second = await h.smooth('POST', '/task', { task: 'Am I signed in?', url: page, profile_id: 'shop', profile_read_only: true });
    expect((await h.pollToEnd(second.body.r.id)).final).toMatchObject({ status: 'done', output: 'already signed in' });
    expect(sawWelcome).toBe(true);

    // Without the profile the same page asks to sign in: the login came from the profile.
    sawWelcome = false;
    const third = await h.smooth('POST', '/task', { task: 'Am I signed in?', url: page });
    expect((await h.pollToEnd(third.body.r.id)).final.output).toBe('not signed in');

    const list = await h.smooth('GET', '/profile');
    expect(list.body.r.map((p: any) => p.id)).toContain('shop');
    expect(await h.smooth('DELETE', '/profile/shop')).toEqual({ status: 200, body: { r: true } });
    expect((await h.smooth('GET', '/profile')).body.r.map((p: any) => p.id)).not.toContain('shop');
    expect((await h.smooth('POST', '/profile', { id: 'bad id!' })).status).toBe(422);
  });
});

describe('custom tools', () => {
  it('the agent calls one, the client answers the tool_call event under its id, the model reads the answer', async () => {
    h.fake.script({ turns: [
      { tool: 'lookup_price', args: { sku: 'LAMP-7' } },
      { tool: 'done', args: { answer: 'The lamp costs 42 EUR' } },
    ] });
    const created = await h.smooth('POST', '/task', {
      task: 'Find the price of LAMP-7 with the price tool', url: h.fixtures.url('/pages/static.html'),
      custom_tools: [{ name: 'lookup_price', description: 'Price of a product by SKU', inputs: { sku: 'string' }, output: 'the price with currency' }],
    });
    const id = created.body.r.id;
    const calls: any[] = [];
    const run = await h.pollToEnd(id, async (events) => {
      for (const e of events.filter((x) => x.name === 'tool_call')) {
        calls.push(e);
        const answered = await h.smooth('POST', `/task/${id}/event`, { name: 'tool_call', id: e.id, payload: { code: 200, output: '42 EUR' } });
        expect(answered).toEqual({ status: 200, body: { r: { id: e.id } } });
      }
    });
    expect(calls).toHaveLength(1);
    expect(calls[0].payload).toEqual({ name: 'lookup_price', input: { sku: 'LAMP-7' } });
    expect(run.final).toMatchObject({ status: 'done', output: 'The lamp costs 42 EUR' });
    // The SDK's shorthand inputs became a JSON Schema the model was offered; the answer reached it.
    const offered = h.fake.requests.find((r) => r.toolNames.includes('lookup_price'))!;
    expect(JSON.stringify(offered.body.tools)).toContain('"sku"');
    expect(h.fake.requests.at(-1)!.raw).toContain('42 EUR');
    // The same id again: nothing waits for it any more.
    expect((await h.smooth('POST', `/task/${id}/event`, { name: 'tool_call', id: calls[0].id, payload: { code: 200, output: 'again' } })).status).toBe(404);
  });

  it('in a session, run_task offers the session\'s custom tools; the tool_call shows in the session\'s events', async () => {
    const created = await h.smooth('POST', '/task', {
      task: null, url: h.fixtures.url('/pages/static.html'),
      custom_tools: [{ name: 'stock_level', description: 'Units in stock', inputs: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] } }],
    });
    const id = created.body.r.id;
    h.fake.script({ turns: [
      { tool: 'stock_level', args: { sku: 'RUG-2' } },
      { tool: 'done', args: { answer: 'RUG-2: 7 in stock' } },
    ] });
    const sent = await h.smooth('POST', `/task/${id}/event`, { name: 'session_action', id: 'run-1', payload: { name: 'run_task', input: { task: 'How many RUG-2 are in stock?' } } });
    expect(sent.body.r.id).toBe('run-1');
    let result: any;
    let answered = 0;
    for (let i = 0; i < 300 && !result; i++) {
      const events = (await h.smooth('GET', `/task/${id}`)).body.r.events as any[];
      for (const e of events.filter((x) => x.name === 'tool_call' && x.payload.name === 'stock_level')) {
        if (answered) continue;
        answered += 1;
        expect(e.payload.input).toEqual({ sku: 'RUG-2' });
        expect((await h.smooth('POST', `/task/${id}/event`, { name: 'tool_call', id: e.id, payload: { code: 200, output: 7 } })).status).toBe(200);
      }
      result = events.find((e) => e.id === 'run-1');
      if (!result) await new Promise((r) => setTimeout(r, 100));
    }
    expect(answered).toBe(1);
    expect(result.payload).toMatchObject({ code: 200, output: { output: 'RUG-2: 7 in stock' } });
    // The model read the client's answer in its next step.
    expect(h.fake.requests.filter((r) => r.kind === 'step').at(-1)!.lastUserText).toMatch(/stock_level[^\n]*→ 7/);
    await h.smooth('DELETE', `/task/${id}`);
  });
});
