// A QUESTION answered by a second message (agent-apis.md §1.2.1: a message "answers a question"):
// the agent's ask_user becomes a QUESTION message and the execution status waiting_for_input; the
// next message is its answer, which the model reads. Information sent mid-task while nothing is
// asked is handed to the agent's next question. Real loop, real Chromium, the fake model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgi, until, type AgiHarness } from './agiClient.ts';

let a: AgiHarness;
beforeAll(async () => { a = await startAgi(); }, 60_000);
afterAll(async () => { await a?.close(); });

const messages = async (id: string) => (await a.call('GET', `/sessions/${id}/messages`)).body;

describe('QUESTION and answer', () => {
  it('a QUESTION is answered by the next message; the task then finishes with DONE', async () => {
    const id = (await a.call('POST', '/sessions', { agent_name: 'agi-0-fast' })).body.session_id;
    a.fake.script({ turns: [
      { tool: 'ask_user', args: { question: 'Which colour?' } },
      { tool: 'done', args: { answer: 'blue it is' } },
    ] });
    await a.call('POST', `/sessions/${id}/message`, { message: 'Buy a lamp in my colour', start_url: a.h.fixtures.url('/pages/agent-search.html') });
    const question = await until(async () => (await messages(id)).messages.find((m: any) => m.type === 'QUESTION'), 'QUESTION');
    expect(question.content).toBe('Which colour?');
    await until(async () => (await a.call('GET', `/sessions/${id}/status`)).body.status === 'waiting_for_input', 'waiting_for_input');
    expect(await messages(id)).toMatchObject({ status: 'waiting_for_input', has_agent: true });
    expect((await a.call('GET', `/sessions/${id}`)).body.status).toBe('running');
    const sse = await a.sse(`/sessions/${id}/events?include_history=true&event_types=question`, (f) => f.event === 'question');
    expect(sse[0]!.data).toEqual({ text: 'Which colour?', message_id: question.id });

    expect((await a.call('POST', `/sessions/${id}/message`, { message: 'blue' })).body.success).toBe(true);
    const done = await until(async () => (await messages(id)).messages.find((m: any) => m.type === 'DONE'), 'DONE');
    expect(done.content).toBe('blue it is');
    expect(done.id).toBeGreaterThan(question.id);
    const steps = a.fake.steps();
    expect(steps.at(-1)!.lastUserText).toContain('the user answered: blue');
    // agi-0-fast ran on --llm-model-fast.
    expect(steps.at(-1)!.body.model).toBe('fake-fast');
    expect((await a.call('GET', `/sessions/${id}/status`)).body.status).toBe('finished');
    expect((await a.call('GET', `/sessions/${id}`)).body.status).toBe('completed');
  }, 60_000);

  it('information sent mid-task, with nothing asked, answers the agent\'s next question', async () => {
    const id = (await a.call('POST', '/sessions', {})).body.session_id;
    a.fake.script({ turns: [
      { tool: 'wait', args: { seconds: 2 } },
      { tool: 'ask_user', args: { question: 'Anything else I should know?' } },
      { tool: 'done', args: { answer: 'noted' } },
    ] });
    await a.call('POST', `/sessions/${id}/message`, { message: 'Look around', start_url: a.h.fixtures.url('/pages/agent-search.html') });
    await until(async () => a.fake.steps().length >= 1 && (await a.call('GET', `/sessions/${id}/status`)).body.status === 'running', 'running');
    expect((await a.call('POST', `/sessions/${id}/message`, { message: 'My budget is 40 euros' })).body.success).toBe(true);
    await until(async () => (await messages(id)).messages.find((m: any) => m.type === 'DONE'), 'DONE');
    expect(a.fake.steps().at(-1)!.lastUserText).toContain('the user answered: My budget is 40 euros');
  }, 60_000);

  it('a failed task: an ERROR message, execution status error, session status error, an SSE error frame', async () => {
    const id = (await a.call('POST', '/sessions', {})).body.session_id;
    a.fake.script({ turns: [{ fault: 'server_error' }] });
    await a.call('POST', `/sessions/${id}/message`, { message: 'Try something', start_url: a.h.fixtures.url('/pages/static.html') });
    const error = await until(async () => (await messages(id)).messages.find((m: any) => m.type === 'ERROR'), 'ERROR');
    expect(error.content.length).toBeGreaterThan(0);
    expect(error.metadata.code).toBe('TASK_FAILED');
    await until(async () => (await a.call('GET', `/sessions/${id}/status`)).body.status === 'error', 'execution status error');
    expect((await a.call('GET', `/sessions/${id}`)).body.status).toBe('error');
    const frames = await a.sse(`/sessions/${id}/events?include_history=true&event_types=error`, (f) => f.event === 'error');
    expect(frames[0]!.data).toMatchObject({ error: error.content, status_code: 500 });
    // The session takes a new message after an error.
    a.fake.script({ turns: [{ tool: 'done', args: { answer: 'fine now' } }] });
    await a.call('POST', `/sessions/${id}/message`, { message: 'Try again' });
    await until(async () => (await messages(id)).messages.find((m: any) => m.type === 'DONE'), 'DONE after the error');
    expect((await a.call('GET', `/sessions/${id}`)).body.status).toBe('completed');
  }, 60_000);

  it('two messages sent at once to an idle session start one task; the other is information for it', async () => {
    const id = (await a.call('POST', '/sessions', {})).body.session_id;
    a.fake.script({ turns: [
      { tool: 'wait', args: { seconds: 1 } },
      { tool: 'ask_user', args: { question: 'Which one?' } },
      { tool: 'done', args: { answer: 'both read' } },
    ] });
    const url = a.h.fixtures.url('/pages/agent-search.html');
    const sent = await Promise.all([
      a.call('POST', `/sessions/${id}/message`, { message: 'First words', start_url: url }),
      a.call('POST', `/sessions/${id}/message`, { message: 'Second words', start_url: url }),
    ]);
    expect(sent.map((r) => r.status)).toEqual([200, 200]);
    await until(async () => (await messages(id)).messages.find((m: any) => m.type === 'DONE'), 'DONE');
    const backend = (await a.h.api('GET', `/sessions/${id}`)).body.session_id;
    const tasks = (await a.h.api('GET', '/tasks')).body.tasks.filter((t: any) => t.session_id === backend);
    expect(tasks).toHaveLength(1);
    expect(a.fake.steps().at(-1)!.lastUserText).toMatch(/the user answered: (First|Second) words/);
  }, 60_000);
});
