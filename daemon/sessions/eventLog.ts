// The event log (sessions.md §6): one append-only log per session, ids monotonic per session from 1,
// kept in the history database (two new tables next to ABP's; CREATE IF NOT EXISTS is the migration,
// so an older history.db simply gains them) and fanned out to live subscribers (SSE, the agent
// runtime, vendor streams). Without history (--no-history) the log lives in memory for the run.
import Database from 'better-sqlite3';

export interface LoggedEvent { id: number; ts: number; type: string; data: Record<string, unknown> }
export interface EventQuery { afterId?: number; types?: string[]; limit?: number }
export type EventListener = (event: LoggedEvent) => void;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS abpd_sessions (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  ended_at INTEGER,
  status TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS abpd_session_events (
  session_id TEXT NOT NULL,
  id INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (session_id, id)
) WITHOUT ROWID;
`;

/** Entries kept per session; older ones are pruned (a session that runs for days stays bounded). */
const MAX_EVENTS_PER_SESSION = 100_000;
const MAX_PAGE = 1_000;

export class EventLog {
  readonly db: Database.Database;
  #next = new Map<string, number>();
  #listeners = new Map<string, Set<EventListener>>();
  #insert: Database.Statement;

  constructor(path: string | null) {
    this.db = new Database(path ?? ':memory:');
    if (path) { this.db.pragma('journal_mode = WAL'); this.db.pragma('synchronous = NORMAL'); this.db.pragma('busy_timeout = 2000'); }
    this.db.exec(SCHEMA);
    this.#insert = this.db.prepare('INSERT INTO abpd_session_events (session_id, id, ts, type, data) VALUES (?, ?, ?, ?, ?)');
  }

  /** Appends one entry and tells the session's subscribers; returns it (with its id). */
  append(sessionId: string, type: string, data: Record<string, unknown> = {}): LoggedEvent {
    const id = this.#nextId(sessionId);
    const event: LoggedEvent = { id, ts: Date.now(), type, data };
    try {
      this.#insert.run(sessionId, id, event.ts, type, JSON.stringify(data));
      if (id % 1000 === 0 && id > MAX_EVENTS_PER_SESSION) {
        this.db.prepare('DELETE FROM abpd_session_events WHERE session_id = ? AND id <= ?').run(sessionId, id - MAX_EVENTS_PER_SESSION);
      }
    } catch { /* a failing disk must not fail the action; live subscribers still get it */ }
    for (const listener of this.#listeners.get(sessionId) ?? []) {
      try { listener(event); } catch { /* one subscriber's failure is its own */ }
    }
    return event;
  }

  list(sessionId: string, q: EventQuery = {}): LoggedEvent[] {
    const limit = Math.min(Math.max(q.limit ?? MAX_PAGE, 1), MAX_PAGE);
    const types = q.types?.filter(Boolean) ?? [];
    const typeSql = types.length ? ` AND type IN (${types.map(() => '?').join(',')})` : '';
    const rows = this.db.prepare(`SELECT id, ts, type, data FROM abpd_session_events WHERE session_id = ? AND id > ?${typeSql} ORDER BY id LIMIT ?`)
      .all(sessionId, q.afterId ?? 0, ...types, limit) as { id: number; ts: number; type: string; data: string }[];
    return rows.map((r) => ({ id: r.id, ts: r.ts, type: r.type, data: JSON.parse(r.data) as Record<string, unknown> }));
  }

  lastId(sessionId: string): number { return this.#nextId(sessionId, false) - 1; }

  /** Live entries from now on; returns the function that unsubscribes. */
  subscribe(sessionId: string, listener: EventListener): () => void {
    let set = this.#listeners.get(sessionId);
    if (!set) { set = new Set(); this.#listeners.set(sessionId, set); }
    set.add(listener);
    return () => { set.delete(listener); if (set.size === 0) this.#listeners.delete(sessionId); };
  }

  /** Session records (sessions.md §1: they outlive the daemon run as `terminated`). */
  saveRecord(id: string, createdAt: number, status: string, record: unknown, endedAt: number | null = null): void {
    try {
      this.db.prepare(`INSERT INTO abpd_sessions (id, created_at, ended_at, status, record) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET ended_at = excluded.ended_at, status = excluded.status, record = excluded.record`)
        .run(id, createdAt, endedAt, status, JSON.stringify(record));
    } catch { /* as append */ }
  }

  loadRecord(id: string): { status: string; record: Record<string, unknown>; ended_at: number | null } | undefined {
    const row = this.db.prepare('SELECT status, record, ended_at FROM abpd_sessions WHERE id = ?').get(id) as { status: string; record: string; ended_at: number | null } | undefined;
    return row ? { status: row.status, ended_at: row.ended_at, record: JSON.parse(row.record) as Record<string, unknown> } : undefined;
  }

  listRecords(status?: string): Record<string, unknown>[] {
    const rows = (status
      ? this.db.prepare('SELECT status, record FROM abpd_sessions WHERE status = ? ORDER BY created_at').all(status)
      : this.db.prepare('SELECT status, record FROM abpd_sessions ORDER BY created_at').all()) as { status: string; record: string }[];
    return rows.map((r) => ({ ...JSON.parse(r.record) as Record<string, unknown>, status: r.status }));
  }

  /** A previous run's sessions that were alive when it stopped (or crashed) are over now. */
  terminateLeftovers(now = Date.now()): string[] {
    const rows = this.db.prepare("SELECT id FROM abpd_sessions WHERE status NOT IN ('terminated', 'expired')").all() as { id: string }[];
    this.db.prepare("UPDATE abpd_sessions SET status = 'terminated', ended_at = COALESCE(ended_at, ?) WHERE status NOT IN ('terminated', 'expired')").run(now);
    return rows.map((r) => r.id);
  }

  close(): void { try { this.db.close(); } catch { /* already closed */ } }

  #nextId(sessionId: string, take = true): number {
    let next = this.#next.get(sessionId);
    if (next === undefined) {
      const row = this.db.prepare('SELECT MAX(id) AS m FROM abpd_session_events WHERE session_id = ?').get(sessionId) as { m: number | null };
      next = (row.m ?? 0) + 1;
    }
    this.#next.set(sessionId, take ? next + 1 : next);
    return next;
  }
}
