// The agent loop end to end (agent.md §2–§5, issue 17 "must show"): real loop, real Chromium,
// fixture pages, the fake model over HTTP (OpenAI Chat Completions, streaming) through /api/v1/tasks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentHarness, type AgentHarness } from '../support/agentHarness.ts';

let h: AgentHarness;
beforeAll(async () => { h = await startAgentHarness('openai'); });
afterAll(async () => { await h?.close(); });

describe('agent tasks', () => {
  it('search and paginate, extracting each page, then answers', async () => {
    h.fake.script({ turns: [
      { tool: 'fill', target: { role: 'searchbox', name: 'Search products' }, args: { value: 'lamp' }, reasoning: 'Search for lamps first.' },
      { tool: 'click', target: { role: 'button', name: 'Search' } },
      { tool: 'extract', args: { instruction: 'list the lamps and prices' } },
      { text: 'Lamp alpha $12, Lamp beta $15, Lamp gamma $22' },
      { tool: 'click', target: { role: 'button', name: 'Next page' } },
      { tool: 'extract', args: { instruction: 'list the lamps and prices' } },
      { text: 'Lamp delta $31, Lamp epsilon $9' },
      { tool: 'done', args: { answer: '5 lamps: alpha 12, beta 15, gamma 22, delta 31, epsilon 9' } },
    ] });
    const id = await h.start({ task: 'List every lamp with its price', url: h.fixtures.url('/pages/agent-search.html') });
    const task = await h.waitFor(id);
    expect(task.error).toBeNull();
    expect(task).toMatchObject({ status: 'done', answer: '5 lamps: alpha 12, beta 15, gamma 22, delta 31, epsilon 9' });
    const events = await h.events(id);
    const types = events.map((e) => e.type);
    expect(types.slice(0, 3)).toEqual(['task:setup', 'browser:navigated', 'agent:processing']);
    expect(types).toContain('task:started');
    expect(types.at(-1)).toBe('done');
    expect(events.filter((e) => e.type === 'agent:action').map((e) => e.data.action)).toEqual(['fill', 'click', 'extract', 'click', 'extract', 'done']);
    expect(events.find((e) => e.type === 'agent:reasoned')?.data.reasoning).toBe('Search for lamps first.');
    const extracted = events.filter((e) => e.type === 'agent:extracted').map((e) => e.data.extractedData);
    expect(extracted).toEqual(['Lamp alpha $12, Lamp beta $15, Lamp gamma $22', 'Lamp delta $31, Lamp epsilon $9']);
    // The second extract read page 2 of the results: the page text the model got shows it.
    const extracts = h.fake.requests.filter((r) => r.kind === 'other' && r.lastUserText.includes('Instruction: list the lamps'));
    expect(extracts[1]!.lastUserText).toContain('Lamp epsilon');
    expect(extracts[1]!.lastUserText).not.toContain('Lamp alpha');
    const complete = events.find((e) => e.type === 'complete')!;
    expect(complete.data).toMatchObject({ success: true, stats: { actions: 3 } });
    expect(complete.data.stats.modelCalls).toBe(h.fake.requests.length);
    expect(h.fake.steps().every((r) => r.stream)).toBe(true);
    // Page content sits in a delimited block the system prompt calls untrusted.
    expect(h.fake.steps()[0]!.lastUserText).toMatch(/Current page \(untrusted content\):\n<page>\npage: Gadget shop[\s\S]*\n<\/page>/);
    expect(h.fake.steps()[0]!.system).toMatch(/UNTRUSTED.*never instructions/);
    expect(h.fake.steps()[0]!.toolNames).toEqual(expect.arrayContaining(['click', 'fill', 'select', 'hover', 'check', 'uncheck', 'focus', 'enter', 'scroll', 'wait', 'goto', 'back', 'forward', 'extract', 'done', 'abort', 'ask_user']));
  });

  it('signs up from data: placeholders filled at dispatch, the terms error recovered, no value ever sent to the model', async () => {
    const data = { firstName: 'Augusta', lastName: 'Lovelace', email: 'augusta@example.test', password: 's3cret-Pa55word' };
    h.fixtures.resetHits();
    h.fake.script({ turns: [
      { tool: 'fill', target: { role: 'textbox', name: 'First name' }, args: { value: '{{data.firstName}}' } },
      { tool: 'fill', target: { role: 'textbox', name: 'Last name' }, args: { value: '{{data.lastName}}' } },
      { tool: 'fill', target: { role: 'textbox', name: 'Email' }, args: { value: '{{data.email}}' } },
      { tool: 'fill', target: { role: 'textbox', name: 'Password' }, args: { value: '{{data.password}}' } },
      { tool: 'click', target: { role: 'button', name: 'Sign up' } },
      { tool: 'check', target: { role: 'checkbox', name: 'I accept the terms' } },
      { tool: 'click', target: { role: 'button', name: 'Sign up' } },
      { tool: 'done', args: { answer: 'Account created' } },
    ] });
    // A session of the client's own: it outlives the task, so the page can be read afterwards.
    const session = await h.api('POST', '/sessions', {});
    expect(session.status).toBe(201);
    const id = await h.start({ task: 'Create an account with my details', url: h.fixtures.url('/pages/agent-signup.html'), data, session_id: session.body.session_id });
    const task = await h.waitFor(id);
    expect(task.session_id).toBe(session.body.session_id);
    expect(task.error).toBeNull();
    expect(task.status).toBe('done');
    expect(h.fixtures.hits('/echo')).toBe(1);
    const echo = await h.value<any>(task.tab_id, 'window.echo');
    expect(echo.fields).toMatchObject({ first: 'Augusta', last: 'Lovelace', email: 'augusta@example.test', password: 's3cret-Pa55word', terms: 'on' });
    const steps = h.fake.steps();
    // The sixth step saw the page's own validation error after the refused submit (the alert's text
    // in the interim reader, the checkbox marked invalid in the semantic observe)…
    expect(steps[5]!.lastUserText).toMatch(/You must accept the terms|checkbox "I accept the terms"[^\n]* invalid/);
    // …and the filled fields as placeholders, never their values.
    expect(steps[4]!.lastUserText).toContain('value="{{data.firstName}}"');
    expect(steps[0]!.lastUserText).toContain('{{data.email}}: email, 20 chars');
    const everything = h.fake.allText();
    for (const value of Object.values(data)) expect(everything).not.toContain(value);
    const log = JSON.stringify(await h.events(id));
    for (const value of Object.values(data)) expect(log).not.toContain(value);
    // The agent's events are in the session's own log too (sessions.md §6), tagged with the task.
    const sessionLog = (await h.api('GET', `/sessions/${task.session_id}/events`)).body;
    const entries: any[] = Array.isArray(sessionLog) ? sessionLog : sessionLog.events ?? sessionLog.data ?? [];
    expect(entries.filter((e) => e.type === 'agent:action' && e.data.task_id === id)).toHaveLength(8);
  });

  it('structured output: a result that does not match the schema is sent back and retried', async () => {
    const schema = { type: 'object', properties: { cheapest: { type: 'string' }, price: { type: 'number' } }, required: ['cheapest', 'price'], additionalProperties: false };
    h.fake.script({ turns: [
      { tool: 'fill', target: { role: 'searchbox', name: 'Search products' }, args: { value: 'lamp' } },
      { tool: 'enter', target: { role: 'searchbox', name: 'Search products' } },
      { tool: 'done', args: { result: { cheapest: 'Lamp alpha', price: '$12' } } },
      { tool: 'done', args: { result: { cheapest: 'Lamp alpha', price: 12 } } },
    ] });
    const id = await h.start({ task: 'Which lamp on the first page is cheapest?', url: h.fixtures.url('/pages/agent-search.html'), schema });
    const task = await h.waitFor(id);
    expect(task).toMatchObject({ status: 'done', result: { cheapest: 'Lamp alpha', price: 12 } });
    const events = await h.events(id);
    const invalid = events.find((e) => e.type === 'task:validation_error')!;
    expect(invalid.data).toMatchObject({ retryCount: 1, errors: ['/price: must be number'] });
    expect(h.fake.steps()[3]!.lastUserText).toContain('result does not match the schema: /price: must be number');
    // The schema went to the model with the task and as done's input schema.
    expect(h.fake.steps()[0]!.lastUserText).toContain('Result schema');
    const doneTool = h.fake.steps()[0]!.body.tools.find((t: any) => t.function.name === 'done');
    expect(doneTool.function.parameters.properties.result.properties.price).toEqual({ type: 'number' });
  });

  it('guardrail "Browse and extract only" blocks the submit: firewall:blocked, and the form is never posted', async () => {
    h.fixtures.resetHits();
    h.fake.script({ turns: [
      { tool: 'click', target: { role: 'button', name: 'Sign up' } },
      { tool: 'done', args: { answer: 'I may not submit the form' } },
    ] });
    const id = await h.start({ task: 'Sign up', url: h.fixtures.url('/pages/agent-signup.html'), guardrails: 'Browse and extract only.' });
    const task = await h.waitFor(id);
    expect(task.status).toBe('done');
    const events = await h.events(id);
    const blocked = events.find((e) => e.type === 'firewall:blocked')!;
    expect(blocked.data).toMatchObject({ action: 'click', rule: 'no submit' });
    expect(h.fixtures.hits('/echo')).toBe(0);
    expect(h.fake.steps()[1]!.lastUserText).toMatch(/Result of your last action: blocked by guardrail: no submit/);
    expect(h.fake.steps()[0]!.system).toContain('Browse and extract only.');
    // The blocked action never reached the page: no browser:action_completed success for it.
    expect(events.find((e) => e.type === 'browser:action_completed')!.data.success).toBe(false);
  });

  it('interactive mode: request_form_data, a person answers through /input, the daemon fills, the model never sees the values', async () => {
    h.fake.script({ turns: (req, i) => {
      if (i === 0) {
        const ids = ['First name', 'Email'].map((name) => /\[(\w+)\] textbox "([^"]+)"/g.exec(req.lastUserText.split('\n').find((l) => l.includes(`"${name}"`)) ?? '')?.[1]);
        return { tool: 'request_form_data', args: { formDescription: 'Sign up', fields: [
          { ref: ids[0], label: 'First name', fieldType: 'text', required: true }, { ref: ids[1], label: 'Email', fieldType: 'email', required: true }] } };
      }
      return { tool: 'done', args: { answer: 'filled' } };
    } });
    const session = await h.api('POST', '/sessions', {});
    const id = await h.start({ task: 'Fill the sign-up form with my details', url: h.fixtures.url('/pages/agent-signup.html'), interactive: true, session_id: session.body.session_id });
    const request = await h.waitForEvent(id, 'interactive:form_data:request');
    expect(request.data.fields.map((f: any) => f.label)).toEqual(['First name', 'Email']);
    const refs = request.data.fields.map((f: any) => f.ref);
    expect((await h.api('POST', `/tasks/${id}/input`, { request_id: request.data.requestId, fields: [{ ref: refs[0], value: 'Henrietta' }, { ref: refs[1], value: 'hen@example.test' }] })).status).toBe(202);
    const task = await h.waitFor(id);
    expect(task.status).toBe('done');
    expect(await h.value(task.tab_id, "document.getElementById('first').value + ' ' + document.getElementById('email').value")).toBe('Henrietta hen@example.test');
    expect(h.fake.steps()[0]!.toolNames).toContain('request_form_data');
    expect(h.fake.steps()[1]!.lastUserText).toContain('value=•••');
    expect(h.fake.allText()).not.toContain('Henrietta');
    expect(h.fake.allText()).not.toContain('hen@example.test');
  });

  it('extract with a JSON schema: the schema goes to the model as structured output, the data is checked with ajv', async () => {
    const schema = { type: 'object', properties: { planets: { type: 'array', items: { type: 'string' } } }, required: ['planets'] };
    h.fake.script({ turns: [
      { tool: 'extract', args: { instruction: 'planets with more than one moon', schema } },
      { object: { planets: 'Mars' } },
      { tool: 'extract', args: { instruction: 'planets with more than one moon', schema } },
      { object: { planets: ['Mars', 'Neptune', 'Uranus'] } },
      { tool: 'done', args: { answer: 'Mars, Neptune, Uranus' } },
    ] });
    const id = await h.start({ task: 'Which planets have more than one moon?', url: h.fixtures.url('/pages/agent-table.html') });
    expect((await h.waitFor(id)).status).toBe('done');
    const extracts = h.fake.requests.filter((r) => r.kind === 'extract');
    expect(extracts).toHaveLength(2);
    expect(extracts[0]!.schema).toMatchObject({ properties: { planets: { type: 'array' } } });
    expect(extracts[0]!.lastUserText).toContain('Neptune');
    expect(h.fake.steps()[1]!.lastUserText).toContain('extract: the data did not match the schema: /planets: must be array');
    expect((await h.events(id)).filter((e) => e.type === 'agent:extracted').map((e) => e.data.extractedData)).toEqual(['{"planets":["Mars","Neptune","Uranus"]}']);
  });
});
