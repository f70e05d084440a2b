// A daemon whose model is the fake model server (agent.md §9): real loop, real Chromium, fixture
// pages, the provider layer over HTTP. One per test file; tasks go through /api/v1/tasks.
import { defaultLlmOptions, type LlmOptions, type LlmProviderName } from '../../agent/llm/settings.ts';
import type { Config } from '../../daemon/config.ts';
import { startHarness, type Harness } from './daemonHarness.ts';
import { startFakeModel, type FakeModel } from './fakeModel/server.ts';

export interface AgentHarness extends Harness {
  fake: FakeModel;
  /** POST /tasks; returns the task id (throws on anything but 201). */
  start(body: Record<string, unknown>): Promise<string>;
  /** Polls until the task reaches one of the statuses (default: a final one). */
  waitFor(id: string, statuses?: string[], timeoutMs?: number): Promise<any>;
  events(id: string): Promise<{ id: number; type: string; data: any }[]>;
  /** Polls the events until one of that type appears. */
  waitForEvent(id: string, type: string, timeoutMs?: number): Promise<{ id: number; type: string; data: any }>;
}

const FINAL = ['done', 'failed', 'cancelled'];

export async function startAgentHarness(provider: LlmProviderName = 'openai', overrides: Partial<Config> = {}, llm: Partial<LlmOptions> = {}): Promise<AgentHarness> {
  const fake = await startFakeModel();
  const h = await startHarness({ llm: { ...defaultLlmOptions(), provider, baseUrl: fake.baseUrl, model: 'fake-model', maxRetries: 1, timeoutMs: 20_000, ...llm }, ...overrides },
    { env: { ABPD_LLM_API_KEY: 'sk-fake-key-never-logged' } });
  const events = async (id: string) => (await h.api('GET', `/tasks/${id}/events`)).body.events as { id: number; type: string; data: any }[];
  const close = h.close;
  return Object.assign(h, {
    fake,
    async start(body: Record<string, unknown>) {
      const r = await h.api('POST', '/tasks', body);
      if (r.status !== 201) throw new Error(`POST /tasks: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.task_id as string;
    },
    async waitFor(id: string, statuses = FINAL, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const r = await h.api('GET', `/tasks/${id}`);
        if (statuses.includes(r.body.status)) return r.body;
        if (Date.now() > deadline) throw new Error(`task ${id} still ${r.body.status} after ${timeoutMs} ms; events: ${JSON.stringify((await events(id)).map((e) => e.type))}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    events,
    async waitForEvent(id: string, type: string, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await events(id)).find((e) => e.type === type);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no ${type} event in task ${id} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() { await close(); await fake.close(); },
  });
}
