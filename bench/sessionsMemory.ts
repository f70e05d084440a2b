// Memory per idle session and per tab (PSS of every Chromium process, /proc/<pid>/smaps_rollup),
// and the time to create a session with its first tab, on this machine (issue 16 "must show" 3).
// Run once: node --import tsx bench/sessionsMemory.ts
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg, availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../daemon/config.ts';
import { startDaemon } from '../daemon/daemon.ts';
import { createLogger } from '../daemon/log.ts';
import { startFixtureServer } from '../test/support/fixtureServer.ts';

function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try { parent.set(Number(name), Number(readFileSync(`/proc/${name}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1])); } catch { /* gone */ }
  }
  const out = [root];
  for (let i = 0; i < out.length; i += 1) for (const [pid, ppid] of parent) if (ppid === out[i]) out.push(pid);
  return out;
}

function pssKiB(root: number): number {
  let total = 0;
  for (const pid of descendants(root)) {
    try { total += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0); } catch { /* gone */ }
  }
  return total;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dir = mkdtempSync(join(tmpdir(), 'abpd-mem-'));
const fixtures = await startFixtureServer();
const d = await startDaemon(defaultConfig({ sessionDir: dir, port: 0, logLevel: 'quiet', history: false, maxSessions: 16, maxTabs: 100 }), { listen: false, log: createLogger('quiet') });
const api = async (method: string, path: string, body?: unknown) => {
  const r = await d.app.request(`/api/v1${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { host: '127.0.0.1:8222', 'content-type': 'application/json' } });
  return await r.json() as any;
};
const root = d.host.chrome!.process.pid!;
const N = 8;
await settle(2_000);
const base = pssKiB(root);

const createMs: number[] = [];
const sessions: any[] = [];
for (let i = 0; i < N; i += 1) {
  const t = performance.now();
  sessions.push(await api('POST', '/sessions', {}));
  createMs.push(performance.now() - t);
}
await settle(3_000);
const withSessions = pssKiB(root);

const firstPageMs: number[] = [];
for (const s of sessions) {
  const t = performance.now();
  await api('POST', `/tabs/${s.tab_id}/navigate`, { url: fixtures.url('/pages/static.html'), screenshot: { area: 'none' } });
  firstPageMs.push(performance.now() - t);
}
await settle(3_000);
const withPages = pssKiB(root);

const extra: string[] = [];
for (let i = 0; i < N; i += 1) {
  const tab = await api('POST', '/tabs', { session_id: sessions[0].session_id });
  await api('POST', `/tabs/${tab.id}/navigate`, { url: fixtures.url('/pages/static.html'), screenshot: { area: 'none' } });
  extra.push(tab.id);
}
await settle(3_000);
const withTabs = pssKiB(root);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (kib: number) => Math.round((kib / 1024) * 10) / 10;
console.log(JSON.stringify({
  machine: { nproc: availableParallelism(), memory_gib: Math.round(totalmem() / 2 ** 30), loadavg: loadavg().map((x) => Math.round(x * 100) / 100), chromium: d.host.version?.product },
  pss_mib: { baseline: mib(base), with_8_idle_sessions: mib(withSessions), with_8_pages: mib(withPages), with_8_more_tabs: mib(withTabs) },
  per_idle_session_mib: mib((withSessions - base) / N),
  per_session_with_a_loaded_page_mib: mib((withPages - base) / N),
  per_extra_tab_with_a_page_mib: mib((withTabs - withPages) / N),
  create_session_with_first_tab_ms: { median: Math.round(median(createMs)), all: createMs.map(Math.round) },
  first_navigate_ms: { median: Math.round(median(firstPageMs)) },
}, null, 2));
await d.stop('bench done');
await fixtures.close();
rmSync(dir, { recursive: true, force: true });
