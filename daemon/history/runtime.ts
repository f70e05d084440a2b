// One daemon's open history: database, writer, recorder, retention. Kept per daemon (a test process
// may run several daemons), looked up by the daemon's Deps.
import { existsSync, renameSync } from 'node:fs';
import type { Deps } from '../routes/types.ts';
import { describeDbError, HistoryHealth, type MovedAside } from './health.ts';
import { openHistoryDb, type Db } from './db.ts';
import { HistoryError, historyDisabled, historyStarting } from './historyErrors.ts';
import { createLayout, sessionLayout, type SessionLayout } from './layout.ts';
import { HistoryRecorder } from './recorder.ts';
import { Retention } from './retention.ts';
import { HistoryStore } from './store.ts';

export interface HistoryRuntime {
  db: Db;
  layout: SessionLayout;
  store: HistoryStore;
  recorder: HistoryRecorder;
  retention: Retention;
  deps: Deps;
  health: HistoryHealth;
  /** runner.warningSources entry: one line while writes fail. */
  warnings?: () => string[];
}

const runtimes = new WeakMap<Deps, HistoryRuntime>();
/** Why history could not be opened (a read-only or full disk, a corrupt file): the daemon runs on. */
const failures = new WeakMap<Deps, string>();

/** A history that cannot open degrades to "no history" with a reason; the agent's actions go on. */
export function openHistorySafely(deps: Deps): void {
  try { openHistory(deps); } catch (err) {
    const why = (err as Error).message;
    failures.set(deps, why);
    deps.host.statusSources.set('history', () => ({ state: 'off', error: why }));
    deps.log.error(`history: could not open ${sessionLayout(deps.config.sessionDir).database}: ${why}; recording is off for this run`);
  }
}

interface Opened { db: Db; store: HistoryStore; retention: Retention }

function openParts(deps: Deps, layout: SessionLayout): Opened {
  const db = openHistoryDb(layout.database);
  try {
    // Start-up integrity check (issue 27 item 3): a corrupt file used to open, record nothing and 500.
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw Object.assign(new Error(`integrity check failed: ${String(check).slice(0, 200)}`), { code: 'SQLITE_CORRUPT' });
    const store = new HistoryStore(db);
    store.open(deps.host.version?.product ?? null, deps.host.version?.userAgent ?? null);
    const retention = new Retention(db, layout, {
      maxActions: deps.config.historyMaxActions, maxBytes: deps.config.historyMaxMb * 1024 * 1024,
    }, deps.log);
    return { db, store, retention };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Renames history.db (and its -wal/-shm) to history.db.corrupt-<ms>, so a new one can start. */
function moveAside(layout: SessionLayout, reason: string, log: Deps['log']): MovedAside {
  const at = Date.now();
  const path = `${layout.database}.corrupt-${at}`;
  renameSync(layout.database, path);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(layout.database + suffix)) renameSync(layout.database + suffix, path + suffix);
  }
  log.error(`history: ${layout.database} is unusable (${reason}); moved aside to ${path}, a new history starts`);
  return { path, reason, at };
}

export function openHistory(deps: Deps): HistoryRuntime | null {
  const layout = sessionLayout(deps.config.sessionDir);
  createLayout(layout, deps.config.history);
  if (!deps.config.history) return null;
  let opened: Opened;
  let movedAside: MovedAside | null = null;
  try {
    opened = openParts(deps, layout);
  } catch (err) {
    const code = String((err as { code?: unknown }).code ?? '');
    if (!/^SQLITE_(CORRUPT|NOTADB)/.test(code) || !existsSync(layout.database)) throw err;
    movedAside = moveAside(layout, describeDbError(err), deps.log);
    opened = openParts(deps, layout);
  }
  const { db, store, retention } = opened;
  const health = new HistoryHealth();
  health.movedAside = movedAside;
  const recorder = new HistoryRecorder(store, layout, retention, deps.log, health);
  const runtime: HistoryRuntime = { db, layout, store, recorder, retention, deps, health,
    warnings: () => { const w = health.warning(); return w ? [w] : []; } };
  runtimes.set(deps, runtime);
  deps.runner.observers.add(recorder.observe);
  deps.runner.warningSources.add(runtime.warnings!);
  deps.host.statusSources.set('history', () => health.json());
  deps.log.info(`history: recording to ${layout.database} (session ${store.sessionId})`);
  return runtime;
}

/** The open history, or the 503 the history routes answer with. */
export function historyOf(deps: Deps): HistoryRuntime {
  if (!deps.config.history) throw historyDisabled();
  const runtime = runtimes.get(deps);
  if (runtime) return runtime;
  const failure = failures.get(deps);
  if (failure !== undefined) throw new HistoryError(503, 'HISTORY_DISABLED', `History could not be opened (${failure}); recording is off for this run. Check the session dir (--session-dir) and restart.`);
  throw historyStarting();
}

export function peekHistory(deps: Deps): HistoryRuntime | undefined { return runtimes.get(deps); }

/** Clean shutdown: image writes in flight land, the session gets its end_time, the WAL is folded in. */
export async function closeHistory(deps: Deps): Promise<void> {
  const runtime = runtimes.get(deps);
  if (!runtime) return;
  deps.runner.observers.delete(runtime.recorder.observe);
  if (runtime.warnings) deps.runner.warningSources.delete(runtime.warnings);
  deps.host.statusSources.delete('history');
  runtimes.delete(deps);
  await runtime.recorder.flush();
  runtime.recorder.stop();
  try { runtime.store.close(); } catch (err) {
    deps.log.error(`history: closing ${runtime.layout.database}: ${describeDbError(err)}`);
    try { runtime.db.close(); } catch { /* already unusable */ }
  }
}
