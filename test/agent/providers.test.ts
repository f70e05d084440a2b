// The provider layer over real HTTP against the fake model server (agent.md §1, §9): both wire
// formats, plain and streaming, tool calls, structured output, Retry-After, and the key never shown.
import { generateText, jsonSchema, Output, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLanguageModel } from '../../agent/llm/provider.ts';
import { defaultLlmOptions, publicView, resolveLlm, type LlmProviderName } from '../../agent/llm/settings.ts';
import { startFakeModel, type FakeModel } from '../support/fakeModel/server.ts';

let fake: FakeModel;
beforeAll(async () => { fake = await startFakeModel(); });
afterAll(async () => { await fake.close(); });

const KEY = 'sk-test-secret-value-123';
function model(provider: LlmProviderName, extra: Partial<ReturnType<typeof defaultLlmOptions>> = {}) {
  const llm = resolveLlm({ ...defaultLlmOptions(), provider, baseUrl: fake.baseUrl, model: 'fake-model', ...extra }, { ABPD_LLM_API_KEY: KEY });
  return { llm, model: createLanguageModel(llm) };
}
const clickTool = tool({ description: 'click', inputSchema: jsonSchema<{ ref: string }>({ type: 'object', properties: { ref: { type: 'string' } }, required: ['ref'] }) });

describe('settings', () => {
  it('auto-detects anthropic, then openai, then none; a base URL alone is openai-compatible', () => {
    const o = defaultLlmOptions();
    expect(resolveLlm(o, { ANTHROPIC_API_KEY: 'a', OPENAI_API_KEY: 'b' }).provider).toBe('anthropic');
    expect(resolveLlm(o, { OPENAI_API_KEY: 'b' }).provider).toBe('openai');
    expect(resolveLlm(o, {}).provider).toBe('none');
    expect(resolveLlm({ ...o, baseUrl: 'http://127.0.0.1:11434' }, {}).baseUrl).toBe('http://127.0.0.1:11434/v1');
    const none = resolveLlm(o, {});
    expect(none.problem).toMatch(/ANTHROPIC_API_KEY.*--llm-provider/);
  });
  it('never serialises the key', () => {
    const llm = resolveLlm({ ...defaultLlmOptions(), provider: 'openai' }, { OPENAI_API_KEY: KEY });
    expect(llm.apiKey).toBe(KEY);
    expect(JSON.stringify(llm)).not.toContain(KEY);
    expect(JSON.stringify(publicView(llm))).not.toContain(KEY);
    expect(publicView(llm)).toMatchObject({ provider: 'openai', model: 'gpt-4.1-mini', ready: true, key: 'env' });
  });
});

describe.each(['openai', 'anthropic', 'openai-compatible'] as const)('%s wire format', (provider) => {
  it('plain tool call, with the key in the auth header', async () => {
    fake.script({ turns: [{ tool: 'click', args: { ref: 'next_btn' } }] });
    const { model: m } = model(provider);
    const r = await generateText({ model: m, prompt: 'go', tools: { click: clickTool }, toolChoice: 'required' });
    expect(r.toolCalls[0]).toMatchObject({ toolName: 'click', input: { ref: 'next_btn' } });
    expect(r.usage.inputTokens).toBeGreaterThan(0);
    const h = fake.requests[0]!.headers;
    expect(h.authorization ?? h['x-api-key']).toContain(KEY);
    expect(fake.requests[0]!.format).toBe(provider === 'anthropic' ? 'anthropic' : 'openai');
  });
  it('streaming text and tool call', async () => {
    fake.script({ turns: [{ tool: 'click', args: { ref: 'a_lnk' }, reasoning: 'the link is the way' }] });
    const { model: m } = model(provider);
    const r = streamText({ model: m, prompt: 'go', tools: { click: clickTool } });
    const calls = await r.toolCalls;
    expect(calls[0]).toMatchObject({ toolName: 'click', input: { ref: 'a_lnk' } });
    expect(await r.text).toBe('the link is the way');
    expect((await r.usage).outputTokens).toBe(20);
    expect(fake.requests[0]!.stream).toBe(true);
  });
  it('structured output carries the schema to the model', async () => {
    fake.script({ turns: [{ object: { title: 'Widget', price: 3 } }] });
    const { model: m } = model(provider);
    const schema = { type: 'object', properties: { title: { type: 'string' }, price: { type: 'number' } }, required: ['title', 'price'], additionalProperties: false };
    const r = await generateText({ model: m, prompt: 'extract', output: Output.object({ schema: jsonSchema(schema) }) });
    expect(r.output).toEqual({ title: 'Widget', price: 3 });
    expect(fake.requests[0]!.schema?.properties?.price).toBeTruthy();
  });
});

describe('faults', () => {
  it('429 is retried after the Retry-After the server sent', async () => {
    fake.script({ turns: [{ fault: 'rate_limit', retryAfterS: 1 }, { text: 'ok' }] });
    const { model: m } = model('openai');
    const r = await generateText({ model: m, prompt: 'hi', maxRetries: 2 });
    expect(r.text).toBe('ok');
    expect(fake.requests).toHaveLength(2);
    // The SDK's own first backoff is 2 s; Retry-After: 1 makes it wait ~1 s (a lower bound, not a speed claim).
    const gap = fake.requests[1]!.at - fake.requests[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(900);
    expect(gap).toBeLessThan(1900);
  });
  it('500 after the retries is an error naming the status', async () => {
    fake.script({ turns: [{ fault: 'server_error' }, { fault: 'server_error' }] });
    const { model: m } = model('anthropic');
    await expect(generateText({ model: m, prompt: 'hi', maxRetries: 1 })).rejects.toThrow(/internal error/);
    expect(fake.requests).toHaveLength(2);
  }, 20_000);
  it('a hanging server hits the call timeout', async () => {
    fake.script({ turns: [{ fault: 'hang' }] });
    const { model: m } = model('openai');
    await expect(generateText({ model: m, prompt: 'hi', maxRetries: 0, timeout: 500 })).rejects.toThrow(/timeout|abort/i);
  });
});
