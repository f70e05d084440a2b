// The write side of history.db: the session row and one transaction per recorded action (the row
// and its events together, so a crash never leaves half an action). Statements are prepared once.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Db } from './db.ts';

export interface ActionInsert {
  id: string; tab_id: string | null; action_type: string; timestamp: number; duration_ms: number;
  params: string | null; result: string | null; success: 0 | 1; error_code: string | null;
  error_message: string | null; screenshot_before_path: string | null; screenshot_after_path: string | null;
}

export interface EventInsert { tab_id: string | null; event_type: string; timestamp: number; data: string | null }

export class HistoryStore {
  readonly sessionId = randomUUID();
  readonly startTime = Date.now();
  #insertAction: Database.Statement;
  #insertEvent: Database.Statement;
  #clearPath: { before: Database.Statement; after: Database.Statement };
  #record: (action: ActionInsert, events: EventInsert[]) => void;

  constructor(readonly db: Db) {
    this.#insertAction = db.prepare(`INSERT INTO actions (id, session_id, tab_id, action_type, timestamp, duration_ms,
      params, result, success, error_code, error_message, screenshot_before_path, screenshot_after_path)
      VALUES (@id, @session_id, @tab_id, @action_type, @timestamp, @duration_ms, @params, @result, @success,
      @error_code, @error_message, @screenshot_before_path, @screenshot_after_path)`);
    this.#insertEvent = db.prepare(`INSERT INTO events (session_id, tab_id, action_id, event_type, timestamp, data)
      VALUES (?, ?, ?, ?, ?, ?)`);
    this.#clearPath = {
      before: db.prepare('UPDATE actions SET screenshot_before_path = NULL WHERE id = ?'),
      after: db.prepare('UPDATE actions SET screenshot_after_path = NULL WHERE id = ?'),
    };
    this.#record = db.transaction((action: ActionInsert, events: EventInsert[]) => {
      this.#insertAction.run({ ...action, session_id: this.sessionId });
      for (const e of events) this.#insertEvent.run(this.sessionId, e.tab_id, action.id, e.event_type, e.timestamp, e.data);
    });
  }

  /**
   * Sessions a killed daemon left open are closed at their last recorded activity, so "active"
   * means a daemon is really running; then this run's row.
   */
  open(browserVersion: string | null, userAgent: string | null): void {
    this.db.prepare(`UPDATE sessions SET end_time = COALESCE(
        (SELECT MAX(timestamp + COALESCE(duration_ms, 0)) FROM actions WHERE actions.session_id = sessions.id), start_time)
      WHERE end_time IS NULL`).run();
    this.insertSessionRow(browserVersion, userAgent);
  }

  /** Also used after DELETE /history wiped everything: recording goes on under the same id. */
  insertSessionRow(browserVersion: string | null, userAgent: string | null): void {
    this.db.prepare(`INSERT OR IGNORE INTO sessions (id, start_time, end_time, browser_version, user_agent)
      VALUES (?, ?, NULL, ?, ?)`).run(this.sessionId, this.startTime, browserVersion, userAgent);
  }

  recordAction(action: ActionInsert, events: EventInsert[]): void {
    this.#record(action, events);
  }

  /** A screenshot file that could not be written must not be advertised. */
  clearScreenshotPath(actionId: string, which: 'before' | 'after'): void {
    this.#clearPath[which].run(actionId);
  }

  close(): void {
    this.db.prepare('UPDATE sessions SET end_time = ? WHERE id = ?').run(Date.now(), this.sessionId);
    this.db.close();
  }
}
