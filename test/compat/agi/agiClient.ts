// A small AGI Sessions client for the tests: JSON calls under /compat/agi/v1 with a Bearer key, and
// an SSE reader that collects frames until a predicate says stop (or a deadline passes).
import { defaultLlmOptions } from '../../../agent/llm/settings.ts';
import { startHarness, type Harness } from '../../support/daemonHarness.ts';
import { startFakeModel, type FakeModel } from '../../support/fakeModel/server.ts';
import type { Config } from '../../../daemon/config.ts';

export const BASE = '/compat/agi/v1';
export const KEY = 'agi_test_key';

export interface Frame { id: string | null; event: string; data: any }

export interface AgiHarness {
  h: Harness; fake: FakeModel; origin: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  sse(path: string, stop: (f: Frame, all: Frame[]) => boolean, headers?: Record<string, string>, timeoutMs?: number): Promise<Frame[]>;
  close(): Promise<void>;
}

export async function startAgi(overrides: Partial<Config> = {}): Promise<AgiHarness> {
  const fake = await startFakeModel();
  const h = await startHarness({ llm: { ...defaultLlmOptions(), provider: 'openai-compatible', baseUrl: fake.baseUrl, model: 'fake-model', modelFast: 'fake-fast', maxRetries: 0, timeoutMs: 20_000 }, ...overrides }, { listen: true });
  const origin = `http://127.0.0.1:${h.daemon.port}`;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${origin}${BASE}${path}`, {
      method, headers: { authorization: `Bearer ${KEY}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await r.text();
    let parsed: any = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    return { status: r.status, body: parsed };
  };
  const sse = async (path: string, stop: (f: Frame, all: Frame[]) => boolean, headers: Record<string, string> = {}, timeoutMs = 30_000) => {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeoutMs);
    const frames: Frame[] = [];
    try {
      const r = await fetch(`${origin}${BASE}${path}`, { headers: { authorization: `Bearer ${KEY}`, accept: 'text/event-stream', ...headers }, signal: ctrl.signal });
      if (r.status !== 200) throw new Error(`SSE ${path}: ${r.status} ${await r.text()}`);
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let id: string | null = null; let event = 'message'; const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('id:')) id = line.slice(3).trim();
            else if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
          }
          if (data.length === 0) continue;
          const f: Frame = { id, event, data: JSON.parse(data.join('\n')) };
          frames.push(f);
          if (stop(f, frames)) { ctrl.abort(); return frames; }
        }
      }
    } catch (err) {
      if (!ctrl.signal.aborted) throw err;
      if (!frames.length || !stop(frames.at(-1)!, frames)) throw new Error(`SSE ${path}: stopped without the awaited frame; got ${JSON.stringify(frames.map((f) => f.event))}`);
    } finally { clearTimeout(timer); }
    return frames;
  };
  return { h, fake, origin, call, sse, async close() { await h.close(); await fake.close(); } };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function until<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs} ms`);
    await sleep(100);
  }
}
