// Smooth under --auth-token and without a model (compat.md "Common rules"): the `apikey` must be the
// token (else 401 saying so); with it, the surface's in-process calls pass the daemon's own token
// check (a session is opened and driven), and a one-shot task is a 503 naming what to configure,
// while task: null sessions — which need no model — work.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../support/daemonHarness.ts';
import { BASE } from './smoothHarness.ts';

let h: Harness;
const TOKEN = 'local-token-smooth-0123456789';
beforeAll(async () => { h = await startHarness({ authToken: TOKEN }, { env: {} }); });
afterAll(async () => { await h?.close(); });

const call = (method: string, path: string, body?: unknown, key = TOKEN) => h.api(method, `${BASE}${path}`, body, { apikey: key });

it('a wrong key is 401; the token drives a session; a task without a model is 503 naming the settings', async () => {
  const wrong = await call('GET', '/task', undefined, 'not-the-token');
  expect(wrong.status).toBe(401);
  expect(wrong.body).toMatchObject({ r: null, detail: expect.stringMatching(/--auth-token/) });

  const task = await call('POST', '/task', { task: 'Say hello', url: h.fixtures.url('/pages/static.html') });
  expect(task.status).toBe(503);
  expect(task.body.detail).toMatch(/model/i);

  const session = await call('POST', '/task', { task: null, url: h.fixtures.url('/pages/static.html') });
  expect(session.status).toBe(200);
  const id = session.body.r.id;
  const sent = await call('POST', `/task/${id}/event`, { name: 'browser_action', payload: { name: 'evaluate_js', input: { js: 'document.title' } } });
  expect(sent.status).toBe(200);
  let result: any;
  for (let i = 0; i < 100 && !result; i++) {
    result = ((await call('GET', `/task/${id}`)).body.r.events as any[]).find((e) => e.id === sent.body.r.id);
    if (!result) await new Promise((r) => setTimeout(r, 100));
  }
  expect(result.payload).toMatchObject({ code: 200, output: { output: 'Static Click Fixture' } });
  // extract needs the model: its result says so (code 500), the session goes on.
  const ex = await call('POST', `/task/${id}/event`, { name: 'browser_action', payload: { name: 'extract', input: { schema: { type: 'object' } } } });
  let exResult: any;
  for (let i = 0; i < 100 && !exResult; i++) {
    exResult = ((await call('GET', `/task/${id}`)).body.r.events as any[]).find((e) => e.id === ex.body.r.id);
    if (!exResult) await new Promise((r) => setTimeout(r, 100));
  }
  expect(exResult.payload.code).toBe(500);
  expect(exResult.payload.output.error).toMatch(/language model|configure|API_KEY/i);
  expect((await call('DELETE', `/task/${id}`)).body).toEqual({ r: true });
});
