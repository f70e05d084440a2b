// `abpd agent "<task>"` (agent.md §8) as a user runs it: the real CLI, a daemon it starts itself,
// real Chromium, a fixture page and the fake model over HTTP. Progress lines, answer, exit codes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeModel, type FakeModel } from '../support/fakeModel/server.ts';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer.ts';
import { cleanEnv, freePort, runCli } from './cliSupport.ts';

let fake: FakeModel;
let fixtures: FixtureServer;
let dir: string;
beforeAll(async () => { fake = await startFakeModel(); fixtures = await startFixtureServer(); dir = mkdtempSync(join(tmpdir(), 'abpd-agent-cli-')); });
afterAll(async () => { await fake.close(); await fixtures.close(); rmSync(dir, { recursive: true, force: true }); });

async function agent(args: string[]) {
  const port = await freePort();
  return runCli(['agent', ...args, '--port', String(port), '--session-dir', join(dir, String(port)), '--no-history',
    '--llm-provider', 'openai', '--llm-base-url', fake.baseUrl, '--llm-model', 'fake-model'], { env: cleanEnv({ ABPD_LLM_API_KEY: 'sk-cli-test' }) });
}

describe('abpd agent', () => {
  it('prints one progress line per step and the final answer; exit 0', async () => {
    fake.script({ turns: [
      { tool: 'fill', target: { role: 'searchbox', name: 'Search products' }, args: { value: 'desk' } },
      { tool: 'click', target: { role: 'button', name: 'Search' } },
      { tool: 'done', args: { answer: 'The desk costs $120' } },
    ] });
    const r = await agent(['How much is the desk?', '--url', fixtures.url('/pages/agent-search.html')]);
    expect(r.stderr).toMatch(/step 1: fill \[\w+\] "desk" → ok/);
    expect(r.stderr).toMatch(/step 2: click \[search_btn\] → ok/);
    expect(r.stderr).toMatch(/step 3: done/);
    expect(r.stdout).toBe('The desk costs $120\n');
    expect(r.code).toBe(0);
  });

  it('--json prints the event stream as NDJSON, ending with done', async () => {
    fake.script({ turns: [{ tool: 'done', args: { answer: 'nothing to do' } }] });
    const r = await agent(['Say hello', '--json', '--url', fixtures.url('/pages/agent-search.html')]);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events[0].type).toBe('task:setup');
    expect(events.at(-1).type).toBe('done');
    expect(events.find((e) => e.type === 'complete').data.success).toBe(true);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(r.code).toBe(0);
  });

  it('a failing task exits 1 with the error code; no task is exit 2', async () => {
    fake.script({ turns: () => ({ tool: 'click', args: { ref: 'missing_btn' } }) });
    const r = await agent(['Click the missing button', '--url', fixtures.url('/pages/agent-search.html')]);
    expect(r.stderr).toMatch(/step 3: click \[missing_btn\] → failed: ELEMENT_NOT_FOUND/);
    expect(r.stderr).toMatch(/task failed: MAX_ERRORS/);
    expect(r.code).toBe(1);
    const usage = await runCli(['agent'], { env: cleanEnv() });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('which task?');
  });
});
