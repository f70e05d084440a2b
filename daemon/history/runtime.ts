// One daemon's open history: database, writer, recorder, retention. Kept per daemon (a test process
// may run several daemons), looked up by the daemon's Deps.
import type { Deps } from '../routes/types.ts';
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
}

const runtimes = new WeakMap<Deps, HistoryRuntime>();
/** Why history could not be opened (a read-only or full disk, a corrupt file): the daemon runs on. */
const failures = new WeakMap<Deps, string>();

/** A history that cannot open degrades to "no history" with a reason; the agent's actions go on. */
export function openHistorySafely(deps: Deps): void {
  try { openHistory(deps); } catch (err) {
    const why = (err as Error).message;
    failures.set(deps, why);
    deps.log.error(`history: could not open ${sessionLayout(deps.config.sessionDir).database}: ${why}; recording is off for this run`);
  }
}

export function openHistory(deps: Deps): HistoryRuntime | null {
  const layout = sessionLayout(deps.config.sessionDir);
  createLayout(layout, deps.config.history);
  if (!deps.config.history) return null;
  const db = openHistoryDb(layout.database);
  let store: HistoryStore;
  let retention: Retention;
  try {
    store = new HistoryStore(db);
    store.open(deps.host.version?.product ?? null, deps.host.version?.userAgent ?? null);
    retention = new Retention(db, layout, {
      maxActions: deps.config.historyMaxActions, maxBytes: deps.config.historyMaxMb * 1024 * 1024,
    }, deps.log);
  } catch (err) {
    db.close();
    throw err;
  }
  const recorder = new HistoryRecorder(store, layout, retention, deps.log);
  const runtime: HistoryRuntime = { db, layout, store, recorder, retention, deps };
  runtimes.set(deps, runtime);
  deps.runner.observers.add(recorder.observe);
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
  runtimes.delete(deps);
  await runtime.recorder.flush();
  runtime.store.close();
}
