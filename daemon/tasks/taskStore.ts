// Tasks and their event logs on disk (agent.md §6): <session dir>/tasks.db, WAL, one row per task
// (parameters without secrets) and one per event. A restart marks running tasks failed
// (daemon_restarted) and keeps every logged event. Kept apart from history.db so `--no-history`
// does not lose tasks; the session event log (sessions.md §6) gets the same events when it exists.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type TaskStatus = 'waiting' | 'running' | 'paused' | 'waiting_for_input' | 'done' | 'failed' | 'cancelled';
export const FINAL_STATUSES: readonly TaskStatus[] = ['done', 'failed', 'cancelled'];

export interface TaskRecord {
  task_id: string;
  session_id: string;
  tab_id: string | null;
  status: TaskStatus;
  task: string;
  params: Record<string, unknown>;
  answer: string | null;
  result: unknown;
  error: { code: string; message: string } | null;
  stats: Record<string, unknown> | null;
  created_at: number;
  updated_at: number;
}

export interface TaskEvent { id: number; ts: number; type: string; data: Record<string, unknown> }

export class TaskStore {
  #db: Database.Database;

  constructor(sessionDir: string) {
    mkdirSync(sessionDir, { recursive: true });
    this.#db = new Database(join(sessionDir, 'tasks.db'));
    this.#db.pragma('journal_mode = WAL');
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS tasks (task_id TEXT PRIMARY KEY, session_id TEXT NOT NULL, tab_id TEXT, status TEXT NOT NULL,
        task TEXT NOT NULL, params TEXT NOT NULL, answer TEXT, result TEXT, error TEXT, stats TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS task_events (task_id TEXT NOT NULL, id INTEGER NOT NULL, ts INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (task_id, id));
    `);
  }

  /** Tasks a previous run left unfinished: failed now, with the reason (agent.md §6). */
  failInterrupted(): number {
    const error = JSON.stringify({ code: 'daemon_restarted', message: 'the daemon stopped while the task was running' });
    return this.#db.prepare(`UPDATE tasks SET status = 'failed', error = ?, updated_at = ? WHERE status NOT IN ('done', 'failed', 'cancelled')`).run(error, Date.now()).changes;
  }

  insert(r: TaskRecord): void {
    this.#db.prepare(`INSERT INTO tasks VALUES (@task_id, @session_id, @tab_id, @status, @task, @params, NULL, NULL, NULL, NULL, @created_at, @updated_at)`)
      .run({ ...r, params: JSON.stringify(r.params) });
  }

  update(id: string, fields: Partial<Pick<TaskRecord, 'status' | 'tab_id' | 'session_id' | 'answer' | 'result' | 'error' | 'stats'>>): void {
    const sets: string[] = [];
    const values: Record<string, unknown> = { id, updated_at: Date.now() };
    for (const [k, v] of Object.entries(fields)) {
      sets.push(`${k} = @${k}`);
      values[k] = k === 'result' || k === 'error' || k === 'stats' ? (v === null || v === undefined ? null : JSON.stringify(v)) : v;
    }
    this.#db.prepare(`UPDATE tasks SET ${sets.join(', ')}, updated_at = @updated_at WHERE task_id = @id`).run(values);
  }

  get(id: string): TaskRecord | null {
    const row = this.#db.prepare('SELECT * FROM tasks WHERE task_id = ?').get(id) as Record<string, unknown> | undefined;
    return row ? toRecord(row) : null;
  }

  list(status?: string): TaskRecord[] {
    const rows = (status ? this.#db.prepare('SELECT * FROM tasks WHERE status = ? ORDER BY created_at').all(status)
      : this.#db.prepare('SELECT * FROM tasks ORDER BY created_at').all()) as Record<string, unknown>[];
    return rows.map(toRecord);
  }

  appendEvent(taskId: string, e: TaskEvent): void {
    this.#db.prepare('INSERT INTO task_events VALUES (?, ?, ?, ?, ?)').run(taskId, e.id, e.ts, e.type, JSON.stringify(e.data));
  }

  lastEventId(taskId: string): number {
    const row = this.#db.prepare('SELECT MAX(id) AS id FROM task_events WHERE task_id = ?').get(taskId) as { id: number | null };
    return row.id ?? 0;
  }

  events(taskId: string, afterId = 0, limit = 1000): TaskEvent[] {
    const rows = this.#db.prepare('SELECT id, ts, type, data FROM task_events WHERE task_id = ? AND id > ? ORDER BY id LIMIT ?').all(taskId, afterId, limit) as { id: number; ts: number; type: string; data: string }[];
    return rows.map((r) => ({ id: r.id, ts: r.ts, type: r.type, data: JSON.parse(r.data) as Record<string, unknown> }));
  }

  close(): void { this.#db.close(); }
}

function toRecord(row: Record<string, unknown>): TaskRecord {
  const parse = (v: unknown): any => (typeof v === 'string' ? JSON.parse(v) : null);
  return {
    task_id: String(row.task_id), session_id: String(row.session_id), tab_id: (row.tab_id as string | null) ?? null,
    status: row.status as TaskStatus, task: String(row.task), params: parse(row.params) ?? {},
    answer: (row.answer as string | null) ?? null, result: parse(row.result), error: parse(row.error), stats: parse(row.stats),
    created_at: Number(row.created_at), updated_at: Number(row.updated_at),
  };
}
