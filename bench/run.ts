// `npm run bench`: abpd (a real `bin/abpd start`, over HTTP) against the same steps done directly
// with playwright-core, on the local fixture pages. Not part of `npm test`. See bench/README.md.
import { loadavg } from 'node:os';
import { startFixtureServer, type FixtureServer } from '../test/support/fixtureServer.ts';
import { AbpdBackend } from './abpdBackend.ts';
import { AbpdProcess } from './abpdProcess.ts';
import { parseArgs, type BenchArgs } from './args.ts';
import { checkGoals } from './goals.ts';
import { describeMachine } from './machine.ts';
import { measureScenario, type ScenarioResult } from './measure.ts';
import { PwBackend } from './pwBackend.ts';
import { goalLines, writeReport } from './report.ts';
import { SCENARIOS } from './scenarios.ts';
import { observeGoals, runObserveBench, type ObserveBenchResult } from './observeBench.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

let args: BenchArgs;
try {
  args = parseArgs(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(2);
}
const log = (line: string): void => { process.stderr.write(`${line}\n`); };

let fixtures: FixtureServer | undefined;
let daemon: AbpdProcess | undefined;
let pw: PwBackend | undefined;
// Ctrl-C must not leave a daemon (and its Chromium) behind; Playwright kills its own browser on exit.
const onSignal = (signal: NodeJS.Signals): void => { daemon?.killNow(); process.kill(process.pid, signal); };
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
process.once('exit', () => daemon?.killNow());

try {
  fixtures = await startFixtureServer();
  const url = (page: string): string => (page.startsWith('/') ? fixtures!.url(page) : page);
  log(`starting abpd (history ${args.history ? 'on' : 'off'}) and Playwright's Chromium…`);
  // One after the other: if the second fails to start, the first is already in `daemon`/`pw` for cleanup.
  daemon = await AbpdProcess.start([...(args.history ? [] : ['--no-history']), ...(args.daemonLog ? ['--log-level', 'debug'] : [])]);
  pw = await PwBackend.launch(url);
  const machine = describeMachine(pw.version());
  const backends = { abpd: new AbpdBackend(daemon, url, args.daemonLog), pw };
  const chosen = SCENARIOS.filter((s) => args.only.length === 0 || args.only.includes(s.name));
  const results: ScenarioResult[] = [];
  for (const scenario of chosen) {
    log(`${scenario.name} (${args.runs} runs, ${args.warmup} warm-up)`);
    results.push(await measureScenario(scenario, backends, { runs: args.runs, warmup: args.warmup, log }));
  }
  let observe: ObserveBenchResult | undefined;
  if (args.only.length === 0 || args.only.includes('observe')) {
    log(`observe (${args.runs} runs, ${args.warmup} warm-up)`);
    observe = await runObserveBench(daemon, pw, url, { runs: args.runs, warmup: args.warmup, log });
  }
  machine.loadavg_end = loadavg().map((l) => Math.round(l * 100) / 100);
  const goals = [...checkGoals(results), ...(observe ? observeGoals(observe) : [])];
  if (observe) mkdirSync(args.outDir, { recursive: true });
  if (observe) writeFileSync(join(args.outDir, 'observe.json'), `${JSON.stringify({ machine, observe }, null, 2)}\n`);
  const written = writeReport({ machine, settings: { runs: args.runs, warmup: args.warmup, history: args.history }, scenarios: results, goals }, args.outDir);
  console.log(written.text);
  log(`\nwrote ${written.md} and ${written.json}\n`);
  log(goalLines(goals).join('\n'));
  if (args.daemonLog) log(`\nabpd stderr (tail):\n${daemon.stderrTail()}`);
} catch (err) {
  log(`bench failed: ${(err as Error).stack ?? String(err)}`);
  if (daemon) log(`abpd stderr (tail):\n${daemon.stderrTail()}`);
  process.exitCode = 1;
} finally {
  await pw?.close().catch((err: Error) => log(`closing Playwright: ${err.message}`));
  await daemon?.close().catch((err: Error) => log(`closing abpd: ${err.message}`));
  await fixtures?.close();
}
