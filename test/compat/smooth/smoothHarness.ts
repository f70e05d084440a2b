// A daemon with the fake model for the Smooth /task tests: calls with the vendor's `apikey` header,
// each answer's {"r": …} unwrapped, and a poller that follows the vendor's polling rules (event_t =
// the newest event seen, 202 while running, 200 when terminal).
import { defaultLlmOptions } from '../../../agent/llm/settings.ts';
import type { Config } from '../../../daemon/config.ts';
import { startHarness, type Harness } from '../../support/daemonHarness.ts';
import { startFakeModel, type FakeModel } from '../../support/fakeModel/server.ts';

export const BASE = '/compat/smooth/api/v1';
export const KEY = 'smooth_test_key';

export interface SmoothHarness extends Harness {
  fake: FakeModel;
  smooth(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** Polls GET /task/{id} with event_t until terminal; every answer's status and events are kept. */
  pollToEnd(id: string, onEvents?: (events: any[]) => Promise<void>, timeoutMs?: number): Promise<{ codes: number[]; final: any; events: any[]; eventTs: number[] }>;
}

export async function startSmooth(overrides: Partial<Config> = {}): Promise<SmoothHarness> {
  const fake = await startFakeModel();
  const h = await startHarness({ llm: { ...defaultLlmOptions(), provider: 'openai-compatible', baseUrl: fake.baseUrl, model: 'fake-model', modelFast: 'fake-fast', maxRetries: 0, timeoutMs: 20_000 }, ...overrides });
  const smooth = async (method: string, path: string, body?: unknown, headers: Record<string, string> = { apikey: KEY }) => {
    const r = await h.api(method, `${BASE}${path}`, body, headers);
    return { status: r.status, body: r.body };
  };
  const close = h.close;
  return Object.assign(h, {
    fake, smooth,
    async pollToEnd(id: string, onEvents?: (events: any[]) => Promise<void>, timeoutMs = 60_000) {
      const codes: number[] = [];
      const events: any[] = [];
      const eventTs: number[] = [];
      let last = 0;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const r = await smooth('GET', `/task/${id}?event_t=${last}`);
        codes.push(r.status);
        eventTs.push(last);
        const fresh = r.body.r.events as any[];
        for (const e of fresh) if (e.timestamp <= last) throw new Error(`event ${e.id} at ${e.timestamp} is not newer than event_t=${last}`);
        events.push(...fresh);
        if (fresh.length) last = Math.max(...fresh.map((e) => e.timestamp));
        if (onEvents && fresh.length) await onEvents(fresh);
        if (r.status === 200) return { codes, final: r.body.r, events, eventTs };
        if (Date.now() > deadline) throw new Error(`task ${id} still ${r.body.r.status} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() { await close(); await fake.close(); },
  });
}
