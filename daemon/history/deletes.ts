// DELETE /history/actions, /history/events and /history: rows go in one transaction, the deleted
// actions' screenshot files after it.
import type { Logger } from '../log.ts';
import type { Db } from './db.ts';
import { removeScreenshots } from './files.ts';
import type { SessionLayout } from './layout.ts';
import type { Filter } from './queries.ts';

const where = (f: Filter): string => (f.clauses.length > 0 ? `WHERE ${f.clauses.join(' AND ')}` : '');

export interface Deleted { actions: number; events: number; sessions: number; freedBytes: number }

export function deleteActions(db: Db, layout: SessionLayout, filter: Filter, log: Logger): Deleted {
  const paths = db.prepare(`SELECT screenshot_before_path AS b, screenshot_after_path AS a FROM actions ${where(filter)}`)
    .all(...filter.args) as Array<{ a: string | null; b: string | null }>;
  const actions = db.prepare(`DELETE FROM actions ${where(filter)}`).run(...filter.args).changes;
  return { actions, events: 0, sessions: 0, freedBytes: removeScreenshots(layout, paths.flatMap((p) => [p.b, p.a]), log) };
}

export function deleteEvents(db: Db, filter: Filter): number {
  return db.prepare(`DELETE FROM events ${where(filter)}`).run(...filter.args).changes;
}

/** Everything, or one session (its row, actions, events and files). */
export function deleteHistory(db: Db, layout: SessionLayout, sessionId: string | undefined, log: Logger): Deleted {
  const filter: Filter = sessionId === undefined ? { clauses: [], args: [] } : { clauses: ['session_id = ?'], args: [sessionId] };
  const sessionFilter: Filter = sessionId === undefined ? filter : { clauses: ['id = ?'], args: [sessionId] };
  return db.transaction((): Deleted => {
    const result = deleteActions(db, layout, filter, log);
    result.events = deleteEvents(db, filter);
    result.sessions = db.prepare(`DELETE FROM sessions ${where(sessionFilter)}`).run(...sessionFilter.args).changes;
    return result;
  })();
}
