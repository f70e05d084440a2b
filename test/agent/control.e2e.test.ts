// Limits and controls of a running task (agent.md §2, §3, §7): MAX_ITERATIONS, MAX_ERRORS, cancel
// within one step, pause holding the loop, a custom tool and ask_user round trip through /input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentHarness, type AgentHarness } from '../support/agentHarness.ts';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ABPD_VERSION } from '../../daemon/routes/browserRoutes.ts';
import { appDispatch } from '../../daemon/mcp/dispatch.ts';
import { limitsFromEnv } from '../../daemon/mcp/limits.ts';
import { buildCatalog, createMcpServer } from '../../daemon/mcp/server.ts';
import { createLogger } from '../../daemon/log.ts';
import { jsonOf } from '../mcp/mcpClient.ts';

let h: AgentHarness;
beforeAll(async () => { h = await startAgentHarness('openai', {}, { modelFast: 'fake-fast' }); });
afterAll(async () => { await h?.close(); });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

describe('task limits and controls', () => {
  it('MAX_ITERATIONS after max_steps steps without an answer', async () => {
    h.fake.script({ turns: () => ({ tool: 'scroll', args: { direction: 'down' } }) });
    const id = await h.start({ task: 'Scroll forever', url: h.fixtures.url('/pages/agent-search.html'), max_steps: 3 });
    const task = await h.waitFor(id);
    expect(task).toMatchObject({ status: 'failed', error: { code: 'MAX_ITERATIONS' }, stats: { iterations: 3 } });
    expect(h.fake.steps()).toHaveLength(3);
    const complete = (await h.events(id)).find((e) => e.type === 'complete')!;
    expect(complete.data).toMatchObject({ success: false, error: { code: 'MAX_ITERATIONS' } });
  });

  it('MAX_ERRORS when the model keeps naming a ref that is not on the page', async () => {
    h.fake.script({ turns: () => ({ tool: 'click', args: { ref: 'ghost_btn' } }) });
    const id = await h.start({ task: 'Click the ghost', url: h.fixtures.url('/pages/agent-search.html') });
    const task = await h.waitFor(id);
    expect(task).toMatchObject({ status: 'failed', error: { code: 'MAX_ERRORS' } });
    expect(task.error.message).toContain('ghost_btn');
    expect(h.fake.steps()).toHaveLength(3);
    // The model was told what was wrong, with ids it could use instead.
    expect(h.fake.steps()[1]!.lastUserText).toMatch(/Result of your last action: ELEMENT_NOT_FOUND: [^\n]*ghost_btn[^\n]*Candidates: \[\w+\] /);
  });

  it('a cancel while the task opens its tab ends it before the loop runs (it stays cancelled)', async () => {
    h.fake.script({ turns: () => ({ tool: 'scroll', args: { direction: 'down' } }) });
    const before = h.fake.steps().length;
    const id = await h.start({ task: 'Never run', url: h.fixtures.url('/pages/agent-search.html') });
    // The task left the queue at once and is opening its session's tab (status still `waiting`).
    const r = await h.api('POST', `/tasks/${id}/cancel`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const task = await h.waitFor(id, ['cancelled', 'failed', 'done'], 10_000);
    expect(task.status).toBe('cancelled');
    await sleep(1_500); // was: the loop ran anyway and turned it back to running
    expect((await h.api('GET', `/tasks/${id}`)).body.status).toBe('cancelled');
    expect(h.fake.steps().length).toBe(before);
    const types = (await h.events(id)).map((e) => e.type);
    expect(types.filter((t) => t === 'done')).toHaveLength(1);
    expect(types.at(-1)).toBe('done');
  });

  it('cancel stops the task within the step (here: during a model call that never answers)', async () => {
    h.fake.script({ turns: [{ tool: 'scroll', args: { direction: 'down' } }, { fault: 'hang' }] });
    const id = await h.start({ task: 'Wait for ever', url: h.fixtures.url('/pages/agent-search.html') });
    await until(() => h.fake.steps().length === 2);
    const r = await h.api('POST', `/tasks/${id}/cancel`);
    expect(r.status).toBe(200);
    const task = await h.waitFor(id, ['cancelled', 'failed', 'done'], 5_000);
    expect(task.status).toBe('cancelled');
    const again = await h.api('POST', `/tasks/${id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error).toContain('cancelled');
  });

  it('pause holds the loop before its next model call; resume continues it', async () => {
    h.fake.script({ turns: [
      { tool: 'scroll', args: { direction: 'down' } }, { tool: 'scroll', args: { direction: 'up' } }, { tool: 'done', args: { answer: 'ok' } },
    ] });
    const id = await h.start({ task: 'Scroll twice', url: h.fixtures.url('/pages/agent-search.html') });
    await h.waitForEvent(id, 'agent:action');
    expect((await h.api('POST', `/tasks/${id}/pause`)).body.status).toBe('paused');
    await sleep(300);
    const held = h.fake.requests.length;
    await sleep(1200);
    expect(h.fake.requests.length).toBe(held);
    const paused = (await h.api('GET', `/tasks/${id}`)).body;
    expect(paused.status).toBe('paused');
    // The task's own session shows it (sessions.md §2) and is running while it lasts.
    expect((await h.api('GET', `/sessions/${paused.session_id}`)).body).toMatchObject({ status: 'running', task: { task_id: id } });
    expect((await h.api('POST', `/tasks/${id}/pause`)).status).toBe(409);
    expect((await h.api('POST', `/tasks/${id}/resume`)).status).toBe(200);
    const task = await h.waitFor(id);
    expect(task).toMatchObject({ status: 'done', answer: 'ok' });
  });

  it('a custom tool: tool_call event, the client answers through /input, the model reads the output', async () => {
    h.fake.script({ turns: [
      { tool: 'lookup_coupon', args: { code: 'SPRING' } },
      { tool: 'done', args: { answer: 'coupon gives 15%' } },
    ] });
    const id = await h.start({ task: 'Find the coupon value', url: h.fixtures.url('/pages/agent-search.html'), custom_tools: [
      { name: 'lookup_coupon', description: 'Look a coupon code up in the client\'s system', parameters: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] } },
    ] });
    const call = await h.waitForEvent(id, 'tool_call');
    expect(call.data).toMatchObject({ name: 'lookup_coupon', input: { code: 'SPRING' } });
    expect((await h.api('GET', `/tasks/${id}`)).body.status).toBe('waiting_for_input');
    const r = await h.api('POST', `/tasks/${id}/input`, { tool_call_id: call.data.toolCallId, output: { discount_percent: 15 } });
    expect(r.status).toBe(202);
    const task = await h.waitFor(id);
    expect(task.status).toBe('done');
    expect(h.fake.steps()[1]!.lastUserText).toContain('{"discount_percent":15}');
    expect(h.fake.steps()[0]!.toolNames).toContain('lookup_coupon');
    const late = await h.api('POST', `/tasks/${id}/input`, { tool_call_id: call.data.toolCallId, output: 1 });
    expect(late.status).toBe(410);
  });

  it('ask_user waits for the answer given to /input', async () => {
    h.fake.script({ turns: [
      { tool: 'ask_user', args: { question: 'Which colour?' } },
      { tool: 'done', args: { answer: 'blue it is' } },
    ] });
    const id = await h.start({ task: 'Buy a lamp in my colour', url: h.fixtures.url('/pages/agent-search.html') });
    const q = await h.waitForEvent(id, 'agent:question');
    expect(q.data.question).toBe('Which colour?');
    expect((await h.api('POST', `/tasks/${id}/input`, { answer: 'blue' })).status).toBe(202);
    await h.waitFor(id);
    expect(h.fake.steps()[1]!.lastUserText).toContain('the user answered: blue');
  });

  it('bad task bodies are 400 naming the field', async () => {
    const noTask = await h.api('POST', '/tasks', { url: 'http://x.test/' });
    expect(noTask.status).toBe(400);
    expect(noTask.body.error).toContain('task');
    const steps = await h.api('POST', '/tasks', { task: 'x', max_steps: 500 });
    expect(steps.status).toBe(400);
    expect(steps.body.error).toContain('max_steps');
    const clash = await h.api('POST', '/tasks', { task: 'x', custom_tools: [{ name: 'click' }] });
    expect(clash.status).toBe(400);
    expect(clash.body.error).toContain('built-in');
    const policy = await h.api('POST', '/tasks', { task: 'x', session: { policies: { rate_limit_apm: 'fast' } } });
    expect(policy.status).toBe(400);
    expect(policy.body.error).toContain('session.policies.rate_limit_apm');
    expect((await h.api('GET', '/tasks/task_nope')).status).toBe(404);
  });

  it('MCP browser_task runs a task, reports each step as progress and returns the answer; it carries annotations', async () => {
    // The MCP server over an in-memory transport (as stdio would carry it): HTTP /mcp answers in JSON
    // mode, which has no channel for progress notifications.
    const server = createMcpServer({ catalog: buildCatalog(h.daemon.routes), dispatchFor: () => appDispatch(h.daemon.app, () => ({ host: '127.0.0.1:8222' })),
      limits: limitsFromEnv({}), version: ABPD_VERSION, log: createLogger('quiet') });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(clientSide);
    const listed = (await client.listTools()).tools.find((t) => t.name === 'browser_task')!;
    expect(listed.annotations).toMatchObject({ readOnlyHint: false, openWorldHint: true });
    expect(listed.inputSchema.required).toEqual(['task']);
    h.fake.script({ turns: [
      { tool: 'fill', target: { role: 'searchbox', name: 'Search products' }, args: { value: 'rug' } },
      { tool: 'enter', target: { role: 'searchbox', name: 'Search products' } },
      { tool: 'done', args: { answer: 'Rug: $60' } },
    ] });
    const progress: string[] = [];
    const result = await client.callTool({ name: 'browser_task', arguments: { task: 'Price of the rug?', url: h.fixtures.url('/pages/agent-search.html') } },
      undefined, { onprogress: (p) => { progress.push(String(p.message)); }, timeout: 60_000 });
    expect(jsonOf(result as any)).toMatchObject({ status: 'done', answer: 'Rug: $60' });
    expect(progress).toEqual([expect.stringMatching(/^fill \[/), expect.stringMatching(/^enter \[/), 'done']);
    await client.close();
  });

  it('malformed tool arguments count as a failed step, the model is told, and the task goes on', async () => {
    h.fake.script({ turns: [{ fault: 'malformed', tool: 'click' }, { tool: 'done', args: { answer: 'recovered' } }] });
    const id = await h.start({ task: 'Recover', url: h.fixtures.url('/pages/agent-search.html') });
    const task = await h.waitFor(id);
    expect(task).toMatchObject({ status: 'done', answer: 'recovered' });
    expect(h.fake.steps()[1]!.lastUserText).toMatch(/click → error: invalid tool call/);
  });

  it('the wall deadline fails a task whose model never answers', async () => {
    h.fake.script({ turns: () => ({ fault: 'hang' }) });
    const id = await h.start({ task: 'Hang', url: h.fixtures.url('/pages/agent-search.html'), deadline_ms: 2000 });
    const task = await h.waitFor(id, ['failed', 'done', 'cancelled'], 15_000);
    expect(task).toMatchObject({ status: 'failed', error: { code: 'TASK_FAILED' } });
    expect(task.error.message).toContain('deadline of 2000 ms');
  });

  it('events as SSE: id/event/data frames in order, the stream ends after done; after_id resumes', async () => {
    h.fake.script({ turns: [{ tool: 'done', args: { answer: 'sse' } }] });
    const id = await h.start({ task: 'Answer', url: h.fixtures.url('/pages/agent-search.html') });
    const r = await h.raw('GET', `/tasks/${id}/events`, { headers: { accept: 'text/event-stream' } });
    expect(r.headers.get('content-type')).toContain('text/event-stream');
    const text = await r.text();
    const frames = text.split('\n\n').filter((f) => f.startsWith('id:') || f.includes('\nid:')).map((f) => Object.fromEntries(f.split('\n').filter((l) => /^(id|event|data):/.test(l)).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()])));
    expect(frames[0]).toMatchObject({ id: '1', event: 'task:setup' });
    expect(frames.at(-1)!.event).toBe('done');
    expect(frames.map((f) => Number(f.id))).toEqual(frames.map((_, i) => i + 1));
    expect(JSON.parse(String(frames.find((f) => f.event === "complete")!.data))).toMatchObject({ success: true, finalAnswer: 'sse' });
    const resumed = await (await h.raw('GET', `/tasks/${id}/events?after_id=${frames.length - 1}`, { headers: { accept: 'text/event-stream' } })).text();
    expect(resumed).toContain('event: done');
    expect(resumed).not.toContain('event: task:setup');
  });

  it('one tool per step: extra calls in the same answer are dropped (system:debug_tool_drop), not run', async () => {
    h.fake.script({ turns: [
      { tool: 'fill', target: { role: 'searchbox', name: 'Search products' }, args: { value: 'rug' }, also: [{ tool: 'goto', args: { url: 'http://127.0.0.1:9/never' } }] },
      { tool: 'done', args: { answer: 'one at a time' } },
    ] });
    const id = await h.start({ task: 'Search rugs', url: h.fixtures.url('/pages/agent-search.html') });
    expect((await h.waitFor(id)).status).toBe('done');
    const events = await h.events(id);
    expect(events.find((e) => e.type === 'system:debug_tool_drop')!.data).toMatchObject({ droppedCount: 1, droppedTools: ['goto'], keptTool: 'fill' });
    expect(events.filter((e) => e.type === 'agent:action').map((e) => e.data.action)).toEqual(['fill', 'done']);
    expect(events.some((e) => e.type === 'browser:navigated' && String(e.data.url).includes('/never'))).toBe(false);
  });

  it('validation below complete sends feedback back into the loop; the next answer is accepted', async () => {
    h.fake.script({
      turns: [{ tool: 'done', args: { answer: 'no lamps' } }, { tool: 'done', args: { answer: 'five lamps' } }],
      validations: [{ completionQuality: 'partial', observation: 'The answer ignores the results.', feedback: 'Search first.' }, { completionQuality: 'complete', observation: 'ok', feedback: '' }],
    });
    const id = await h.start({ task: 'How many lamps?', url: h.fixtures.url('/pages/agent-search.html') });
    const task = await h.waitFor(id);
    expect(task).toMatchObject({ status: 'done', answer: 'five lamps' });
    expect(h.fake.steps()[1]!.lastUserText).toContain('Feedback on your answer (keep working): Search first.');
    expect((await h.events(id)).filter((e) => e.type === 'task:validated').map((e) => e.data.completionQuality)).toEqual(['partial', 'complete']);
  });

  it('model "fast" uses the fast model for every call of the task', async () => {
    h.fake.script({ turns: [{ tool: 'done', args: { answer: 'quick' } }] });
    const id = await h.start({ task: 'Quick', url: h.fixtures.url('/pages/agent-search.html'), model: 'fast' });
    expect((await h.waitFor(id)).status).toBe('done');
    expect(new Set(h.fake.requests.map((r) => r.body.model))).toEqual(new Set(['fake-fast']));
  });
});
