// Tabstack /automate (compat.md "Tabstack", agent-apis.md §1.4.1): the official @tabstack/sdk,
// unchanged, iterating the stream to task:completed/complete/done and answering an interactive form
// request with automateInput; raw HTTP for the SSE framing, every validation message, the 404/410
// input rules and a disconnect cancelling the task. Real loop, real Chromium, the fake model.
import Tabstack from '@tabstack/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLlmOptions } from '../../../agent/llm/settings.ts';
import { tabstackStateOf } from '../../../daemon/compat/tabstack/plugin.ts';
import { startHarness, type Harness } from '../../support/daemonHarness.ts';
import { resolveTarget } from '../../support/fakeModel/script.ts';
import { startFakeModel, type FakeModel } from '../../support/fakeModel/server.ts';

let h: Harness;
let fake: FakeModel;
let client: Tabstack;
let origin: string;
const BASE = '/compat/tabstack/v1';
const KEY = 'ts_test_key';

beforeAll(async () => {
  fake = await startFakeModel();
  h = await startHarness({ llm: { ...defaultLlmOptions(), provider: 'openai-compatible', baseUrl: fake.baseUrl, model: 'fake-model', maxRetries: 0, timeoutMs: 20_000 } }, { listen: true });
  origin = `http://127.0.0.1:${h.daemon.port}`;
  process.env.TABSTACK_BASE_URL = `${origin}${BASE}`;
  process.env.TABSTACK_API_KEY = KEY;
  client = new Tabstack();
});
afterAll(async () => { await h?.close(); await fake?.close(); });

type Ev = { event: string; data: any };
async function collect(stream: AsyncIterable<Ev>, onEvent?: (e: Ev) => Promise<void>): Promise<Ev[]> {
  const out: Ev[] = [];
  for await (const e of stream) { out.push(e); await onEvent?.(e); }
  return out;
}
const rawPost = (path: string, body: unknown, signal?: AbortSignal) => fetch(`${origin}${BASE}${path}`, {
  method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body), signal,
});

describe('POST /automate through the SDK', () => {
  it('streams the catalogue from task:setup to complete and done, camelCase, timestamp + iterationId on each', async () => {
    fake.script({ turns: [
      { tool: 'extract', args: { instruction: 'what does the page say' }, reasoning: 'Read the page first.' },
      { text: 'The page is the static fixture' },
      { tool: 'done', args: { answer: 'It is the static fixture page' } },
    ] });
    const stream = await client.agent.automate({
      task: 'Say what this page is', url: h.fixtures.url('/pages/static.html'), guardrails: 'Browse and extract only',
      data: { name: 'Ada Lovelace-Byron 1815' }, maxIterations: 10, maxValidationAttempts: 2, geo_target: { country: 'DE' },
    });
    const events = await collect(stream as AsyncIterable<Ev>);
    const types = events.map((e) => e.event);
    expect(types[0]).toBe('task:setup');
    expect(types.at(-1)).toBe('done');
    expect(types.at(-2)).toBe('complete');
    for (const t of ['browser:navigated', 'task:started', 'agent:step', 'agent:processing', 'agent:reasoned', 'agent:action', 'agent:extracted', 'task:validated', 'task:completed', 'task:metrics', 'ai:generation']) {
      expect(types, t).toContain(t);
    }
    expect(events.at(-1)!.data).toEqual({});
    for (const e of events.slice(0, -1)) {
      expect(typeof e.data.timestamp, `${e.event} timestamp`).toBe('number');
      expect(typeof e.data.iterationId, `${e.event} iterationId`).toBe('string');
    }
    const firstStep = types.indexOf('agent:step');
    expect(events.slice(0, firstStep).every((e) => e.data.iterationId === 'setup')).toBe(true);
    expect(events[firstStep]!.data.iterationId).not.toBe('setup');
    expect(events[0]!.data).toMatchObject({ task: 'Say what this page is', guardrails: 'Browse and extract only', browserName: 'chromium' });
    const geo = events.find((e) => e.event === 'agent:status' && /geo_target/.test(e.data.message));
    expect(geo!.data.message).toMatch(/geo_target \{"country":"DE"\} ignored/);
    expect(events.find((e) => e.event === 'agent:extracted')!.data.extractedData).toBe('The page is the static fixture');
    expect(events.find((e) => e.event === 'task:completed')!.data).toMatchObject({ finalAnswer: 'It is the static fixture page', success: true });
    expect(events.at(-2)!.data).toMatchObject({ success: true, finalAnswer: 'It is the static fixture page', stats: { actions: expect.any(Number), iterations: expect.any(Number), durationMs: expect.any(Number) } });
    // data values are for filling, never for the model: it only learns the keys.
    expect(fake.allText()).not.toContain('Ada Lovelace-Byron 1815');
    expect(fake.allText()).toContain('name');
    // The task ran in a sessions.md session labelled as Tabstack's (compat.md "Common rules").
    const sessions = (await h.api('GET', '/sessions')).body as any[];
    expect(sessions.some((s) => s.labels?.compat === 'tabstack')).toBe(true);
  });

  it('a question the agent asks is reported as agent:status and answered at once (Tabstack cannot ask the client)', async () => {
    fake.script({ turns: [{ tool: 'ask_user', args: { question: 'Which colour do you want?' } }, { tool: 'done', args: { answer: 'picked one myself' } }] });
    const events = await collect(await client.agent.automate({ task: 'Pick a colour', url: h.fixtures.url('/pages/static.html') }) as AsyncIterable<Ev>);
    expect(events.map((e) => e.event)).not.toContain('agent:question');
    expect(events.find((e) => e.event === 'agent:status' && /asked/.test(e.data.message))!.data.message).toMatch(/^The agent asked: Which colour do you want\?/);
    expect(fake.steps()[1]!.raw).toMatch(/Nobody can answer questions during a Tabstack automate task/);
    expect(events.find((e) => e.event === 'complete')!.data).toMatchObject({ success: true, finalAnswer: 'picked one myself' });
  });

  it('maxValidationAttempts reaches the task: one partial verdict with 1 attempt ends it TASK_FAILED', async () => {
    fake.script({
      turns: () => ({ tool: 'done', args: { answer: 'half an answer' } }),
      validations: [{ completionQuality: 'partial', observation: 'only half', feedback: 'finish it' }, { completionQuality: 'partial', observation: 'only half', feedback: 'finish it' }],
    });
    const events = await collect(await client.agent.automate({ task: 'Answer fully', url: h.fixtures.url('/pages/static.html'), maxValidationAttempts: 1 }) as AsyncIterable<Ev>);
    expect(events.filter((e) => e.event === 'task:validated')).toHaveLength(1);
    expect(events.find((e) => e.event === 'task:validated')!.data.completionQuality).toBe('partial');
    expect(events.find((e) => e.event === 'complete')!.data).toMatchObject({ success: false, error: { code: 'TASK_FAILED' } });
  });

  it('maxIterations bounds the loop: complete {success:false, error.code MAX_ITERATIONS}', async () => {
    fake.script({ turns: () => ({ tool: 'scroll', args: { direction: 'down' } }) });
    const events = await collect(await client.agent.automate({ task: 'Scroll forever', url: h.fixtures.url('/pages/static.html'), maxIterations: 2 }) as AsyncIterable<Ev>);
    const complete = events.find((e) => e.event === 'complete')!;
    expect(complete.data).toMatchObject({ success: false, error: { code: 'MAX_ITERATIONS' } });
    expect(events.at(-1)!.event).toBe('done');
  });
});

describe('raw HTTP', () => {
  it('frames every message as an event: line and a data: line of JSON', async () => {
    fake.script({ turns: [{ tool: 'done', args: { answer: 'ok' } }] });
    const r = await rawPost('/automate', { task: 'Answer ok', url: h.fixtures.url('/pages/static.html') });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await r.text();
    const blocks = text.split('\n\n').filter((b) => b.trim() !== '' && !b.startsWith(':'));
    expect(blocks.length).toBeGreaterThan(5);
    for (const block of blocks) {
      const lines = block.split('\n');
      expect(lines, block).toHaveLength(2);
      expect(lines[0]).toMatch(/^event: [a-z_:]+$/);
      expect(lines[1]).toMatch(/^data: \{.*\}$/);
      JSON.parse(lines[1]!.slice(6));
    }
    expect(blocks.at(-1)).toBe('event: done\ndata: {}');
  });

  it('answers every validation message as {"error"} with 400 before any stream', async () => {
    const url = h.fixtures.url('/pages/static.html');
    const cases: [unknown, string][] = [
      [{}, 'task is required'],
      [{ task: '   ' }, 'task is required'],
      [{ task: 'x', url: 'not a url' }, 'invalid URL format'],
      [{ task: 'x', url: 'javascript:alert(1)' }, 'invalid URL format'],
      [{ task: 'x', url, maxIterations: 0 }, 'maxIterations must be between 1 and 100'],
      [{ task: 'x', url, maxIterations: 101 }, 'maxIterations must be between 1 and 100'],
      [{ task: 'x', url, maxIterations: 'ten' }, 'maxIterations must be between 1 and 100'],
      [{ task: 'x', url, maxValidationAttempts: 11 }, 'maxValidationAttempts must be between 1 and 10'],
      [{ task: 'x', url, maxValidationAttempts: 0 }, 'maxValidationAttempts must be between 1 and 10'],
      [{ task: 'x', url, interactive: 'yes' }, 'interactive must be a boolean'],
      [{ task: 'x', url, data: [1, 2] }, 'data must be a JSON object'],
      [{ task: 'x', url, geo_target: 'US' }, 'geo_target must be an object like {"country": "US"}'],
    ];
    for (const [body, message] of cases) {
      const r = await rawPost('/automate', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/json/);
      expect(await r.json()).toEqual({ error: message });
    }
    const noKey = await fetch(`${origin}${BASE}/automate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ task: 'x' }) });
    expect(noKey.status).toBe(401);
    expect((await noKey.json()).error).toMatch(/No API key/);
  });

  it('a client that disconnects cancels its task', async () => {
    fake.script({ turns: () => ({ fault: 'hang' }) });
    const controller = new AbortController();
    const r = await rawPost('/automate', { task: 'Wait on a hung model', url: h.fixtures.url('/pages/static.html') }, controller.signal);
    const reader = r.body!.getReader();
    let seen = '';
    while (!seen.includes('event: agent:step')) seen += new TextDecoder().decode((await reader.read()).value);
    const running = ((await h.api('GET', '/tasks')).body.tasks as any[]).at(-1);
    expect(running.status).toBe('running');
    controller.abort();
    const deadline = Date.now() + 15_000;
    let status = running.status;
    while (status !== 'cancelled' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await h.api('GET', `/tasks/${running.task_id}`)).body.status;
    }
    expect(status).toBe('cancelled');
  });
});

describe('interactive mode', () => {
  const formTurns = (fields: (text: string) => unknown[]) => (req: { lastUserText: string }, index: number) => {
    if (index === 0) return { tool: 'request_form_data', args: { formDescription: 'The contact form needs your email', fields: fields(req.lastUserText) } };
    if (index === 1) return { tool: 'click', target: { role: 'button', name: 'Send' } };
    return { tool: 'done', args: { answer: 'sent' } };
  };
  const emailField = (text: string) => [{ ref: resolveTarget(text, { role: 'textbox', name: 'Email' }), label: 'Email', fieldType: 'email', required: true }];

  it('SDK: form_data:request → automateInput fills the page (202, second answer 410), the value never reaches the model', async () => {
    const secret = 'grace.hopper+private@example.test';
    fake.script({ turns: formTurns(emailField) as any });
    const answers: unknown[] = [];
    let second: any;
    const stream = await client.agent.automate({ task: 'Send the contact form', url: h.fixtures.url('/pages/tabstack-form.html'), interactive: true });
    const events = await collect(stream as AsyncIterable<Ev>, async (e) => {
      if (e.event !== 'interactive:form_data:request') return;
      const field = e.data.fields[0];
      answers.push(await client.agent.automateInput(e.data.requestId, { fields: [{ ref: field.ref, value: secret }] }));
      second = await client.agent.automateInput(e.data.requestId, { cancelled: true }).catch((err) => err);
    });
    const request = events.find((e) => e.event === 'interactive:form_data:request')!;
    expect(request.data).toMatchObject({ requestId: expect.any(String), pageTitle: 'Contact us', formDescription: 'The contact form needs your email',
      fields: [{ ref: expect.any(String), label: 'Email', fieldType: 'email', required: true }] });
    expect(answers).toEqual([{ status: 'accepted' }]);
    expect(second.status).toBe(410);
    // The page got the value (the form's GET submit carries it into the next URL)...
    const navigated = events.filter((e) => e.event === 'browser:navigated').map((e) => e.data.url as string);
    expect(navigated.some((u) => u.includes(encodeURIComponent(secret)))).toBe(true);
    // ...and no model request ever carried it. (Not checked: its URL-encoded form, which the next
    // page's URL carries into the observation; agent/protect.ts scrubs the literal value only.)
    expect(fake.allText()).not.toContain(secret);
    expect(events.find((e) => e.event === 'complete')!.data.success).toBe(true);
  });

  it('a requestId never issued is 404; a body with neither fields nor cancelled is 400', async () => {
    const r = await rawPost('/automate/00000000-0000-0000-0000-000000000000/input', { cancelled: true });
    expect(r.status).toBe(404);
    expect((await r.json()).error).toMatch(/never issued/);
    const bad = await rawPost('/automate/whatever/input', {});
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^fields or cancelled is required/);
  });

  it('a request unanswered past its expiry is 410 and the task goes on without the values', async () => {
    tabstackStateOf(h.daemon.deps)!.inputs.expiryMs = 1_000;
    try {
      fake.script({ turns: (req, index) => index === 0 ? formTurns(emailField)(req, 0) as any : { tool: 'done', args: { answer: 'gave up on the form' } } });
      let late: any;
      const events = await collect(await client.agent.automate({ task: 'Send the contact form', url: h.fixtures.url('/pages/tabstack-form.html'), interactive: true }) as AsyncIterable<Ev>, async (e) => {
        if (e.event !== 'interactive:form_data:request') return;
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        late = await client.agent.automateInput(e.data.requestId, { fields: [{ ref: e.data.fields[0].ref, value: 'too late' }] }).catch((err) => err);
      });
      expect(late.status).toBe(410);
      expect(late.message).toMatch(/expired/);
      expect(events.at(-1)!.event).toBe('done');
      // The model was told the form was cancelled (the expiry is handed to the task).
      expect(fake.steps().at(-1)!.raw).toMatch(/cancelled the form request/);
    } finally {
      tabstackStateOf(h.daemon.deps)!.inputs.expiryMs = 120_000;
    }
  });

  it('a request whose task ended (the client went away) is 410', async () => {
    fake.script({ turns: formTurns(emailField) as any });
    const controller = new AbortController();
    const r = await rawPost('/automate', { task: 'Send the contact form', url: h.fixtures.url('/pages/tabstack-form.html'), interactive: true }, controller.signal);
    const reader = r.body!.getReader();
    let seen = '';
    while (!seen.includes('event: interactive:form_data:request\ndata: ') || !seen.slice(seen.indexOf('event: interactive:form_data:request')).includes('\n\n')) {
      seen += new TextDecoder().decode((await reader.read()).value);
    }
    const block = seen.slice(seen.indexOf('event: interactive:form_data:request')).split('\n\n')[0]!;
    const requestId = JSON.parse(block.split('\n')[1]!.slice(6)).requestId as string;
    const task = ((await h.api('GET', '/tasks')).body.tasks as any[]).at(-1);
    controller.abort();
    const deadline = Date.now() + 15_000;
    while ((await h.api('GET', `/tasks/${task.task_id}`)).body.status !== 'cancelled' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const answer = await rawPost(`/automate/${requestId}/input`, { cancelled: true });
    expect(answer.status).toBe(410);
    expect((await answer.json()).error).toMatch(/its task has ended/);
  });

  it('values the page cannot take come back as interactive:form_data:error with fieldErrors', async () => {
    fake.script({ turns: formTurns(() => [{ ref: 'no_such_field', label: 'Phone', fieldType: 'phone', required: true }]) as any });
    const events = await collect(await client.agent.automate({ task: 'Send the contact form', url: h.fixtures.url('/pages/tabstack-form.html'), interactive: true }) as AsyncIterable<Ev>, async (e) => {
      if (e.event === 'interactive:form_data:request') await client.agent.automateInput(e.data.requestId, { fields: [{ ref: 'no_such_field', value: '555-0100' }] });
    });
    const error = events.find((e) => e.event === 'interactive:form_data:error')!;
    expect(error.data.requestId).toBe(events.find((e) => e.event === 'interactive:form_data:request')!.data.requestId);
    expect(Object.keys(error.data.fieldErrors)).toEqual(['no_such_field']);
    expect(fake.allText()).not.toContain('555-0100');
  });
});
