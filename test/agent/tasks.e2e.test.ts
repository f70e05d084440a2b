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
    expect(h.fake.steps()[0]!.toolNames).toEqual(expect.arrayContaining(['click', 'fill', 'select', 'hover', 'check', 'uncheck', 'focus', 'enter', 'scroll', 'wait', 'goto', 'back', 'forward', 'extract', 'done', 'abort', 'ask_user']));
  });
});
