// Tabstack keys under --auth-token (compat.md "Common rules"): the key must be the token (else the
// vendor's 401 {"error"}); with it, every in-process call the surface makes — the session, the
// page read, the native task and its SSE — passes the daemon's own token check.
import Tabstack from '@tabstack/sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultLlmOptions } from '../../../agent/llm/settings.ts';
import { startHarness, type Harness } from '../../support/daemonHarness.ts';
import { startFakeModel, type FakeModel } from '../../support/fakeModel/server.ts';

let h: Harness;
let fake: FakeModel;
const TOKEN = 'local-token-0123456789abcdef';
const BASE = '/compat/tabstack/v1';

beforeAll(async () => {
  fake = await startFakeModel();
  h = await startHarness({ authToken: TOKEN, llm: { ...defaultLlmOptions(), provider: 'openai-compatible', baseUrl: fake.baseUrl, model: 'fake-model', maxRetries: 0 } }, { listen: true });
});
afterAll(async () => { await h?.close(); await fake?.close(); });

it('a wrong key is 401 {"error"} saying to send the token; the token runs automate and extract', async () => {
  const baseURL = `http://127.0.0.1:${h.daemon.port}${BASE}`;
  const wrong = await fetch(`${baseURL}/extract/markdown`, { method: 'POST', headers: { authorization: 'Bearer not-the-token', 'content-type': 'application/json' }, body: JSON.stringify({ url: h.fixtures.url('/pages/static.html') }) });
  expect(wrong.status).toBe(401);
  expect((await wrong.json()).error).toMatch(/--auth-token/);
  await expect(new Tabstack({ apiKey: 'not-the-token', baseURL }).extract.markdown({ url: h.fixtures.url('/pages/static.html') })).rejects.toMatchObject({ status: 401 });

  const client = new Tabstack({ apiKey: TOKEN, baseURL });
  expect((await client.extract.markdown({ url: h.fixtures.url('/pages/tabstack-article.html') })).content).toMatch(/^# Field Notes on Local Widgets/);
  fake.script({ turns: [{ tool: 'done', args: { answer: 'fine' } }] });
  const types: string[] = [];
  for await (const e of await client.agent.automate({ task: 'Say fine', url: h.fixtures.url('/pages/static.html') })) types.push(e.event);
  expect(types[0]).toBe('task:setup');
  expect(types.slice(-3)).toEqual(['task:metrics', 'complete', 'done']);
});
