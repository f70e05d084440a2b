// Tabstack without a configured model (agent.md §1 provider "none"): the endpoints that need one
// answer the vendor's 503 with the reason and the settings to use; /extract/markdown, which runs on
// the browser alone, keeps working.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../support/daemonHarness.ts';

let h: Harness;
const BASE = '/compat/tabstack/v1';
const KEY = { authorization: 'Bearer ts_test_key' };
beforeAll(async () => { h = await startHarness({}, { env: {} }); });
afterAll(async () => { await h?.close(); });

it('automate, extract/json and generate/json are 503 naming the settings; extract/markdown works', async () => {
  const url = h.fixtures.url('/pages/tabstack-article.html');
  const automate = await h.api('POST', `${BASE}/automate`, { task: 'Read the page', url }, KEY);
  expect(automate.status).toBe(503);
  expect(automate.body.error).toMatch(/^automate service not available: .*ANTHROPIC_API_KEY.*--llm-provider/);
  const schema = { type: 'object', properties: { title: { type: 'string' } } };
  for (const path of ['/extract/json', '/generate/json']) {
    const r = await h.api('POST', BASE + path, { url, json_schema: schema, instructions: 'the title' }, KEY);
    expect(r.status, path).toBe(503);
    expect(r.body.error, path).toMatch(/^no language model is configured for abpd .*--llm-base-url/);
  }
  // Refused before any browsing: no session was opened for them.
  expect(((await h.api('GET', '/sessions')).body as any[]).filter((s) => s.labels?.compat === 'tabstack')).toHaveLength(0);
  const md = await h.api('POST', `${BASE}/extract/markdown`, { url }, KEY);
  expect(md.status).toBe(200);
  expect(md.body.content).toMatch(/^# Field Notes on Local Widgets\n/);
});
