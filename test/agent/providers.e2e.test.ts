// The loop over each wire format and without a model (agent.md §1, §9): Anthropic Messages
// streaming end to end, a 429 with Retry-After inside a task, and provider none → 503
// LLM_NOT_CONFIGURED while browser routes keep working.
import { afterAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { startAgentHarness, type AgentHarness } from '../support/agentHarness.ts';

describe('anthropic wire format, streaming', () => {
  let h: AgentHarness;
  afterAll(async () => { await h?.close(); });

  it('runs a task through Anthropic Messages (streamed tool_use), a 429 retried after its Retry-After', async () => {
    h = await startAgentHarness('anthropic');
    h.fake.script({ turns: [
      { fault: 'rate_limit', retryAfterS: 1 },
      { tool: 'fill', target: { role: 'searchbox', name: 'Search products' }, args: { value: 'desk' }, reasoning: 'Searching.' },
      { tool: 'enter', target: { role: 'searchbox', name: 'Search products' } },
      { tool: 'done', args: { answer: 'Desk costs $120' } },
    ] });
    const id = await h.start({ task: 'How much is the desk?', url: h.fixtures.url('/pages/agent-search.html') });
    const task = await h.waitFor(id);
    expect(task).toMatchObject({ status: 'done', answer: 'Desk costs $120' });
    const steps = h.fake.steps();
    expect(steps.every((r) => r.format === 'anthropic' && r.stream && r.path === '/v1/messages')).toBe(true);
    expect(steps[0]!.headers['x-api-key']).toBe('sk-fake-key-never-logged');
    // The same step request twice: refused with 429, then sent again after ≥ the Retry-After second.
    expect(steps[0]!.raw).toBe(steps[1]!.raw);
    expect(steps[1]!.at - steps[0]!.at).toBeGreaterThanOrEqual(900);
    // Plan and validation travel as the forced `json` tool (Anthropic has no JSON mode for unknown models).
    const plan = h.fake.requests.find((r) => r.kind === 'plan')!;
    expect(plan.body.tools.map((t: any) => t.name)).toEqual(['json']);
    const events = await h.events(id);
    expect(events.find((e) => e.type === 'agent:reasoned')?.data.reasoning).toBe('Searching.');
    const metrics = events.find((e) => e.type === 'task:metrics')!.data;
    expect(metrics.totalInputTokens).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toContain('sk-fake-key-never-logged');
  });
});

describe('vision', () => {
  let h: AgentHarness;
  afterAll(async () => { await h?.close(); });

  it('--llm-vision sends the page image with each step (OpenAI image_url part) and logs browser:screenshot_captured', async () => {
    h = await startAgentHarness('openai', {}, { vision: true });
    h.fake.script({ turns: [{ tool: 'done', args: { answer: 'seen' } }] });
    const id = await h.start({ task: 'Look', url: h.fixtures.url('/pages/agent-search.html') });
    expect((await h.waitFor(id)).status).toBe('done');
    const content = h.fake.steps()[0]!.body.messages.at(-1).content;
    const image = content.find((p: any) => p.type === 'image_url');
    expect(image.image_url.url).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    expect((await h.events(id)).some((e) => e.type === 'browser:screenshot_captured')).toBe(true);
  });
});

describe('no model configured', () => {
  let h: Harness;
  afterAll(async () => { await h?.close(); });

  it('POST /tasks is 503 LLM_NOT_CONFIGURED naming what to set; status says so; browser routes work', async () => {
    h = await startHarness({}, { env: {} });
    const r = await h.api('POST', '/tasks', { task: 'anything' });
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('LLM_NOT_CONFIGURED');
    expect(r.body.error).toMatch(/ANTHROPIC_API_KEY or OPENAI_API_KEY/);
    expect(r.body.error).toMatch(/--llm-provider/);
    const status = await h.api('GET', '/browser/status');
    expect(status.body.data.llm).toMatchObject({ provider: 'none', ready: false, key: 'not_set' });
    const tab = await h.openTab('/pages/agent-search.html');
    expect((await h.api('GET', `/tabs/${tab}`)).status).toBe(200);
  });
});
