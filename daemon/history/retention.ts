// --history-max-actions / --history-max-mb: the oldest actions (rows, their events and screenshot
// files) go first. The size budget counts screenshot files plus the database's live pages; pruning
// goes 10% under the budget so it does not run again on the very next action.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import { liveDbBytes, type Db } from './db.ts';
import { removeScreenshots } from './files.ts';
import type { SessionLayout } from './layout.ts';

const PRUNE_BATCH = 25;

export interface RetentionLimits { maxActions: number; maxBytes: number }

export class Retention {
  #screenshotBytes = 0;
  #actions = 0;

  constructor(readonly db: Db, readonly layout: SessionLayout, readonly limits: RetentionLimits, readonly log: Logger) {
    this.#actions = this.#count();
    for (const name of readdirSync(layout.screenshots)) {
      try { this.#screenshotBytes += statSync(join(layout.screenshots, name)).size; } catch {
        continue; // deleted while we counted
      }
    }
  }

  get screenshotBytes(): number { return this.#screenshotBytes; }
  get totalBytes(): number { return this.#screenshotBytes + liveDbBytes(this.db); }

  addBytes(n: number): void { this.#screenshotBytes = Math.max(0, this.#screenshotBytes + n); }

  /** After rows were deleted through the API. */
  forget(freedBytes: number): void {
    this.addBytes(-freedBytes);
    this.#actions = this.#count();
  }

  afterRecord(): void {
    this.#actions += 1;
    const { maxActions, maxBytes } = this.limits;
    let pruned = 0;
    if (maxActions > 0 && this.#actions > maxActions) pruned += this.#pruneOldest(this.#actions - maxActions);
    if (maxBytes > 0 && this.totalBytes > maxBytes) {
      while (this.#actions > 0 && this.totalBytes > maxBytes * 0.9) {
        const n = this.#pruneOldest(PRUNE_BATCH);
        if (n === 0) break;
        pruned += n;
      }
    }
    if (pruned > 0) {
      this.db.pragma('incremental_vacuum');
      this.log.debug(`history: pruned ${pruned} oldest actions (limits: ${maxActions || '∞'} actions, ${maxBytes ? `${Math.round(maxBytes / 1048576)} MB` : '∞'})`);
    }
  }

  /** The oldest recorded action's start (ms), for the session quota's oldest-first order. */
  oldestTimestamp(): number | null {
    const row = this.db.prepare('SELECT timestamp AS t FROM actions ORDER BY rowid LIMIT 1').get() as { t: number } | undefined;
    return row?.t ?? null;
  }

  /** The session quota (daemon/quota.ts) prunes the oldest actions, as the limits here do. */
  pruneForQuota(n: number): number {
    const pruned = this.#pruneOldest(n);
    if (pruned > 0) this.db.pragma('incremental_vacuum');
    return pruned;
  }

  #count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM actions').get() as { n: number }).n;
  }

  #pruneOldest(n: number): number {
    const rows = this.db.prepare(`SELECT rowid, id, screenshot_before_path AS b, screenshot_after_path AS a
      FROM actions ORDER BY rowid LIMIT ?`).all(n) as Array<{ rowid: number; id: string; b: string | null; a: string | null }>;
    if (rows.length === 0) return 0;
    const last = rows.at(-1)!.rowid;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM actions WHERE rowid <= ?').run(last);
      const oldest = this.db.prepare('SELECT MIN(timestamp) AS t FROM actions').get() as { t: number | null };
      // Events of the pruned actions (an action's events can predate its start: they are the ones
      // buffered since the tab's previous action), and unattributed ones older than what is left.
      const del = this.db.prepare('DELETE FROM events WHERE action_id = ?');
      for (const r of rows) del.run(r.id);
      if (oldest.t !== null) this.db.prepare('DELETE FROM events WHERE action_id IS NULL AND timestamp < ?').run(oldest.t);
    })();
    this.addBytes(-removeScreenshots(this.layout, rows.flatMap((r) => [r.b, r.a]), this.log));
    this.#actions -= rows.length;
    return rows.length;
  }
}
