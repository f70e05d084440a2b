// `npm run eval [-- --fake] [--task NAME] [--llm-* options]` (agent.md §9): runs the fixture-site
// tasks against the configured model (flags/env as `abpd start` takes them) and reports success,
// steps, tokens and time per task, plus the size of each step's prompt. Not part of `npm test`.
// `--fake` runs the scripted fake model instead: the loop and prompts are real, the answers scripted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../daemon/config.ts';
import { startDaemon } from '../../daemon/daemon.ts';
import { applyOptions } from '../../daemon/cli/options.ts';
import { createLogger } from '../../daemon/log.ts';
import { startFakeModel } from '../../test/support/fakeModel/server.ts';
import { startFixtureServer } from '../../test/support/fixtureServer.ts';
import { EVAL_TASKS } from './tasks.ts';

const argv = process.argv.slice(2);
const fakeMode = argv.includes('--fake');
const only = argv.includes('--task') ? argv[argv.indexOf('--task') + 1] : undefined;
const rest = argv.filter((a, i) => a !== '--fake' && a !== '--task' && argv[i - 1] !== '--task');

const sessionDir = mkdtempSync(join(tmpdir(), 'abpd-eval-'));
const config = defaultConfig({ sessionDir, port: 0, history: false, logLevel: 'quiet' });
applyOptions(config, rest, process.env);
const fake = fakeMode ? await startFakeModel() : null;
if (fake) config.llm = { ...config.llm, provider: 'openai', baseUrl: fake.baseUrl, model: 'fake-model' };
const fixtures = await startFixtureServer();
const daemon = await startDaemon(config, { listen: false, log: createLogger('quiet'), env: fake ? {} : process.env });
if (daemon.deps.llm.problem) { console.error(`eval: ${daemon.deps.llm.problem}`); await daemon.stop(); process.exit(2); }

const api = async (method: string, path: string, body?: unknown): Promise<any> => {
  const r = await daemon.app.request(`/api/v1${path}`, { method, headers: { host: '127.0.0.1:8222', ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return r.json();
};
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)]! : 0; };

console.log(`eval: ${fakeMode ? 'fake model (scripted)' : `${daemon.deps.llm.provider} ${daemon.deps.llm.model}`}, ${new Date().toISOString()}`);
const rows: string[] = [];
for (const t of EVAL_TASKS.filter((x) => !only || x.name === only)) {
  fake?.script(t.fake);
  const started = Date.now();
  const created = await api('POST', '/tasks', t.body((p) => fixtures.url(p)));
  const id = created.task_id as string;
  let task: any;
  const approved = new Set<string>();
  for (;;) {
    task = await api('GET', `/tasks/${id}`);
    if (['done', 'failed', 'cancelled'].includes(task.status)) break;
    if (t.approves && task.status === 'waiting_for_input') {
      for (const a of await api('GET', `/sessions/${task.session_id}/approvals`).catch(() => [])) {
        if (a.status === 'pending' && !approved.has(a.approval_id)) { approved.add(a.approval_id); await api('POST', `/sessions/${task.session_id}/approvals/${a.approval_id}/approve`, {}); }
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const events: any[] = (await api('GET', `/tasks/${id}/events`)).events;
  const steps = events.filter((e) => e.type === 'ai:generation' && e.data.call === 'step');
  const chars = steps.map((e) => e.data.promptChars as number);
  const tokens = steps.map((e) => (e.data.usage?.inputTokens ?? 0) as number);
  const ok = t.check(task);
  rows.push([t.name.padEnd(18), (ok ? 'ok' : `FAIL (${task.status}${task.error ? ` ${task.error.code}` : ''})`).padEnd(24),
    String(task.stats?.iterations ?? '-').padStart(5), `${task.stats?.inputTokens ?? 0}/${task.stats?.outputTokens ?? 0}`.padStart(13),
    `${((Date.now() - started) / 1000).toFixed(1)} s`.padStart(8),
    `${median(chars)}/${Math.max(0, ...chars)}`.padStart(12), `${median(tokens)}/${Math.max(0, ...tokens)}`.padStart(12)].join(' '));
}
console.log(`${'task'.padEnd(18)} ${'result'.padEnd(24)} steps  tokens in/out     time  step chars  step tokens\n${' '.repeat(62)}(median/max per step prompt)`);
for (const r of rows) console.log(r);
await daemon.stop('eval finished');
await fixtures.close();
await fake?.close();
rmSync(sessionDir, { recursive: true, force: true });
