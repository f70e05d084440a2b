// The read side: filtered, cursor-paged listings. The cursor is the row's rowid (insertion order,
// as in ABP). SQL is built only from fixed fragments; every value is a bound parameter.
import type { Db } from './db.ts';
import type { QueryParams, Direction } from './queryParams.ts';
import type { ActionRow, EventRow, SessionRow } from './shapes.ts';

export interface Filter { clauses: string[]; args: unknown[] }

export interface Page<R> { rows: R[]; prev_cursor: number | null; next_cursor: number | null; has_more: boolean }

type Table = 'sessions' | 'actions' | 'events';

/**
 * One page in `direction` strictly after `cursor`. next_cursor continues in the same direction,
 * prev_cursor (the first row's position) reads the other way: with `forward` it is also how a
 * viewer follows new rows as they arrive. Both are null for an empty page.
 */
export function pageOf<R extends { rowid: number }>(db: Db, table: Table, filter: Filter, cursor: number | undefined,
  direction: Direction, limit: number): Page<R> {
  const clauses = [...filter.clauses];
  const args = [...filter.args];
  if (cursor !== undefined) {
    clauses.push(direction === 'forward' ? 'rowid > ?' : 'rowid < ?');
    args.push(cursor);
  }
  const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  const order = direction === 'forward' ? 'ASC' : 'DESC';
  const found = db.prepare(`SELECT rowid AS rowid, * FROM ${table} ${where} ORDER BY rowid ${order} LIMIT ?`).all(...args, limit + 1) as R[];
  const has_more = found.length > limit;
  const rows = has_more ? found.slice(0, limit) : found;
  return {
    rows,
    prev_cursor: rows[0]?.rowid ?? null,
    next_cursor: rows.at(-1)?.rowid ?? null,
    has_more,
  };
}

export function sessionFilter(q: QueryParams): Filter {
  const active = q.bool('active');
  if (active === undefined) return { clauses: [], args: [] };
  return { clauses: [active ? 'end_time IS NULL' : 'end_time IS NOT NULL'], args: [] };
}

/** Shared by listings and deletes of actions and events. */
export function rowFilter(q: QueryParams, defaults: { sessionId?: string }, extra: Record<string, string>): Filter {
  const clauses: string[] = [];
  const args: unknown[] = [];
  const sessionId = q.string('session_id') ?? defaults.sessionId;
  if (sessionId !== undefined) { clauses.push('session_id = ?'); args.push(sessionId); }
  const tabId = q.string('tab_id');
  if (tabId !== undefined) { clauses.push('tab_id = ?'); args.push(tabId); }
  for (const [param, column] of Object.entries(extra)) {
    const value = q.string(param);
    if (value !== undefined) { clauses.push(`${column} = ?`); args.push(value); }
  }
  return { clauses, args };
}

export function timeRange(q: QueryParams, filter: Filter): Filter {
  const start = q.int('start_time');
  const end = q.int('end_time');
  if (start !== undefined) { filter.clauses.push('timestamp >= ?'); filter.args.push(start); }
  if (end !== undefined) { filter.clauses.push('timestamp <= ?'); filter.args.push(end); }
  return filter;
}

export function getSession(db: Db, id: string): SessionRow | undefined {
  return db.prepare('SELECT rowid AS rowid, * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
}

export function getAction(db: Db, id: string): ActionRow | undefined {
  return db.prepare('SELECT rowid AS rowid, * FROM actions WHERE id = ?').get(id) as ActionRow | undefined;
}

export function getEvent(db: Db, id: number): EventRow | undefined {
  return db.prepare('SELECT rowid AS rowid, * FROM events WHERE id = ?').get(id) as EventRow | undefined;
}
