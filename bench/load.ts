// Load check (operations.md "Failures: Load"): a spawned daemon, 8 tabs on a fixture page, 1000 mixed
// actions (click/type/scroll/screenshot/execute) from 16 concurrent clients, so several often hit the
// same tab and queue. Checks: no action lost or duplicated (unique action ids, and each tab's click
// counter equals the clicks sent to it), no 5xx, memory before/after, no orphan process after
// shutdown. Not part of `npm test`. Run: npm run load [-- --actions N --tabs N --clients N]
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFixtureServer } from '../test/support/fixtureServer.ts';
import { groupMembers, processesMentioning, rssKb } from '../test/support/procfs.ts';
import { spawnDaemon, waitFor } from '../test/support/spawnDaemon.ts';

type Kind = 'click' | 'type' | 'scroll' | 'screenshot' | 'execute';
const MIX: Array<[Kind, number]> = [['click', 0.35], ['type', 0.15], ['scroll', 0.15], ['screenshot', 0.15], ['execute', 0.2]];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const ACTIONS = arg('actions', 1000);
const TABS = arg('tabs', 8);
const CLIENTS = arg('clients', 16);
/** A request with no answer by then is reported as hung (the daemon's own deadline is 30 s). */
const REQUEST_TIMEOUT_MS = 90_000;
const DAEMON_LOG = join(tmpdir(), `abpd-load-${process.pid}.log`);

let seed = 20_251_125;
const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x7fffffff);
function pickKind(): Kind {
  let r = random();
  for (const [kind, share] of MIX) { if ((r -= share) < 0) return kind; }
  return 'execute';
}

// click.html: #btn centre (100,100) counts window.clicks. Typed text has no space or Enter, which
// would press the focused button and spoil the count.
function request(kind: Kind): { path: string; body: Record<string, unknown> } {
  switch (kind) {
    case 'click': return { path: 'click', body: { x: 100, y: 100 } };
    case 'type': return { path: 'type', body: { text: 'abc', screenshot: { area: 'none' } } };
    case 'scroll': return { path: 'scroll', body: { x: 640, y: 400, scrolls: [{ delta_px: 200, direction: 'y' }], screenshot: { area: 'none' } } };
    case 'screenshot': return { path: 'screenshot', body: {} };
    case 'execute': return { path: 'execute', body: { script: 'window.clicks', screenshot: { area: 'none' } } };
  }
}

type Answer = { status: number; body: any };

/** One POST with its own (ref'd) timer: a hung request becomes a result (status 0), not a hang. */
async function post(base: string, path: string, body: unknown): Promise<Answer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const r = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: controller.signal });
    const text = await r.text();
    try { return { status: r.status, body: JSON.parse(text) }; } catch { return { status: r.status, body: text }; }
  } catch (err) {
    return { status: 0, body: `${controller.signal.aborted ? `no answer within ${REQUEST_TIMEOUT_MS} ms` : 'request failed'}: ${(err as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function memoryMb(daemonPid: number, chromePid: number): { daemon: number; chromium: number } {
  const chromium = groupMembers(chromePid).reduce((sum, pid) => sum + rssKb(pid), 0);
  return { daemon: Math.round(rssKb(daemonPid) / 1024), chromium: Math.round(chromium / 1024) };
}

async function main(): Promise<number> {
  const fixtures = await startFixtureServer();
  const d = await spawnDaemon();
  const log = createWriteStream(DAEMON_LOG);
  d.proc.stderr!.on('data', (chunk: string) => log.write(chunk));
  const failures: string[] = [];
  try {
    const chromePid = d.chromePid();
    const tabs: string[] = [(await d.api('GET', '/tabs')).body[0].id];
    while (tabs.length < TABS) tabs.push((await d.api('POST', '/tabs', {})).body.id);
    for (const tab of tabs) {
      const nav = await d.api('POST', `/tabs/${tab}/navigate`, { url: fixtures.url('/pages/click.html'), screenshot: { area: 'none' } });
      if (nav.status !== 200) throw new Error(`navigate ${tab}: ${nav.status}`);
    }
    const before = memoryMb(d.proc.pid!, chromePid);

    const plan = Array.from({ length: ACTIONS }, () => ({ kind: pickKind(), tab: tabs[Math.floor(random() * tabs.length)]! }));
    const clicksSent = new Map<string, number>(tabs.map((t) => [t, 0]));
    /** Clicks answered 200: the page must have counted each of these exactly once. */
    const clicksOk = new Map<string, number>(tabs.map((t) => [t, 0]));
    const latencies = new Map<Kind, number[]>();
    const statuses = new Map<number, number>();
    const actionIds: string[] = [];
    let missingShots = 0;
    let next = 0;
    let done = 0;
    let maxSameTab = 0;
    const inFlight = new Map<string, number>();
    const started = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (next < plan.length) {
        const { kind, tab } = plan[next++]!;
        const { path, body } = request(kind);
        if (kind === 'click') clicksSent.set(tab, clicksSent.get(tab)! + 1);
        inFlight.set(tab, (inFlight.get(tab) ?? 0) + 1);
        maxSameTab = Math.max(maxSameTab, inFlight.get(tab)!);
        const t0 = performance.now();
        const r = await post(d.base, `/tabs/${tab}/${path}`, body);
        if (++done % 100 === 0) process.stderr.write(`load: ${done}/${ACTIONS} after ${((performance.now() - started) / 1000).toFixed(0)} s, ${missingShots} without screenshot so far\n`);
        const ms = performance.now() - t0;
        inFlight.set(tab, inFlight.get(tab)! - 1);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (kind === 'click' && r.status === 200) clicksOk.set(tab, clicksOk.get(tab)! + 1);
        if (!latencies.has(kind)) latencies.set(kind, []);
        latencies.get(kind)!.push(ms);
        if (typeof r.body?.action_id === 'string') actionIds.push(r.body.action_id);
        // Clicks and screenshots ask for the default after-frame: a 200 without one lost its image.
        if (r.status === 200 && (kind === 'click' || kind === 'screenshot') && !r.body?.screenshot_after) missingShots += 1;
        if (r.status !== 200 && failures.length < 20) failures.push(`${kind} on ${tab.slice(0, 8)}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      }
    }));
    const wallS = (performance.now() - started) / 1000;
    const after = memoryMb(d.proc.pid!, chromePid);

    let countMismatches = 0;
    for (const tab of tabs) {
      const counted = (await d.api('POST', `/tabs/${tab}/execute`, { script: 'window.clicks', screenshot: { area: 'none' } })).body.result.value;
      // A click that failed (e.g. 504 after it started) may or may not have landed; one answered 200
      // must have, and none may land twice.
      const ok = clicksOk.get(tab)!;
      const sent = clicksSent.get(tab)!;
      if (counted < ok || counted > sent) { countMismatches += 1; failures.push(`tab ${tab.slice(0, 8)}: page counted ${counted} clicks; ${ok} answered 200 of ${sent} sent`); }
    }
    const unique = new Set(actionIds).size;
    const fiveXx = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    if (missingShots > 0) failures.push(`${missingShots} click/screenshot answers (200) came without screenshot_after`);
    if (unique !== actionIds.length) failures.push(`${actionIds.length - unique} duplicated action ids`);
    if (actionIds.length !== ACTIONS) failures.push(`${ACTIONS - actionIds.length} actions without an action id (lost)`);

    const all = [...latencies.values()].flat().sort((a, b) => a - b);
    const lines = [
      `load: ${ACTIONS} actions, ${TABS} tabs, ${CLIENTS} clients, ${wallS.toFixed(1)} s (${(ACTIONS / wallS).toFixed(1)} actions/s); up to ${maxSameTab} in flight on one tab`,
      `statuses: ${[...statuses].sort().map(([s, c]) => `${s}×${c}`).join(' ')}; 5xx: ${fiveXx}; 200s missing their screenshot: ${missingShots}`,
      `action ids: ${actionIds.length} received, ${unique} unique; click counters: ${tabs.length - countMismatches}/${tabs.length} tabs match (${[...clicksOk.values()].reduce((a, b) => a + b, 0)} clicks answered 200 of ${[...clicksSent.values()].reduce((a, b) => a + b, 0)} sent)`,
      `latency ms (p50/p95): all ${percentile(all, 50).toFixed(0)}/${percentile(all, 95).toFixed(0)}; `
        + [...latencies].map(([k, v]) => { v.sort((a, b) => a - b); return `${k} ${percentile(v, 50).toFixed(0)}/${percentile(v, 95).toFixed(0)}`; }).join(', '),
      `RSS MB: daemon ${before.daemon} -> ${after.daemon}; chromium (${groupMembers(chromePid).length} processes) ${before.chromium} -> ${after.chromium}`,
    ];
    for (const line of lines) process.stdout.write(`${line}\n`);

    d.proc.kill('SIGTERM');
    const { code } = await d.exited;
    await waitFor(() => groupMembers(chromePid).length === 0 && processesMentioning(d.sessionDir).length === 0, 15_000, 'no orphans').catch(() => undefined);
    const orphans = [...groupMembers(chromePid), ...processesMentioning(d.sessionDir)];
    process.stdout.write(`shutdown: exit code ${code}, orphan processes: ${orphans.length}\n`);
    if (orphans.length > 0) failures.push(`orphans after shutdown: ${orphans.join(', ')}`);
    if (fiveXx > 0) failures.push(`${fiveXx} responses were 5xx`);
  } finally {
    await d.close();
    await fixtures.close();
  }
  log.end();
  if (failures.length > 0) process.stdout.write(`daemon log: ${DAEMON_LOG}\n`);
  for (const f of failures) process.stdout.write(`FAIL ${f}\n`);
  process.stdout.write(failures.length === 0 ? 'load: OK\n' : `load: ${failures.length} problem(s)\n`);
  return failures.length === 0 ? 0 : 1;
}

process.exitCode = await main();
