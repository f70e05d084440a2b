// Recording problems are visible and recoverable (issue 27 item 3). A database that fails its
// integrity check at start is moved aside and a new one begun (status says so); a write that fails
// (disk full, I/O error, a file corrupted under us) puts history into state "failing": the action's
// row is kept in a bounded memory queue, every envelope carries a warning, and the queue is written
// in order as soon as a write succeeds again (retried every RETRY_MS, and before every new record).
import type { ActionInsert, EventInsert } from './store.ts';

export const QUEUE_MAX_ENTRIES = 2_000;
export const QUEUE_MAX_BYTES = 64 * 1024 * 1024;
export const RETRY_MS = 2_000;

export interface QueuedRecord { action: ActionInsert; events: EventInsert[]; bytes: number }

export interface MovedAside { path: string; reason: string; at: number }

export class HistoryHealth {
  state: 'ok' | 'failing' = 'ok';
  since: number | null = null;
  lastError: string | null = null;
  /** Records that could not be kept even in memory (the queue was full): really gone. */
  lost = 0;
  screenshotsLost = 0;
  /** Records written from the queue after a failure, over this run. */
  recovered = 0;
  movedAside: MovedAside | null = null;
  readonly queue: QueuedRecord[] = [];
  #queuedBytes = 0;

  failed(err: unknown): void {
    this.lastError = describeDbError(err);
    if (this.state === 'failing') return;
    this.state = 'failing';
    this.since = Date.now();
  }

  /** Keeps a record for later; false (and counted as lost) when the queue is full. */
  hold(action: ActionInsert, events: EventInsert[]): boolean {
    const bytes = sizeOf(action, events);
    if (this.queue.length >= QUEUE_MAX_ENTRIES || this.#queuedBytes + bytes > QUEUE_MAX_BYTES) { this.lost += 1; return false; }
    this.queue.push({ action, events, bytes });
    this.#queuedBytes += bytes;
    return true;
  }

  /** A write went through with nothing held: whatever failed before is over. */
  succeeded(): void {
    if (this.state === 'failing' && this.queue.length === 0) { this.state = 'ok'; this.since = null; }
  }

  /** A screenshot file could not be written (its row then names none). */
  screenshotLost(): void { this.screenshotsLost += 1; }

  /** Writes queued records in order with `write`; stops at the first failure. True when all landed. */
  drain(write: (r: QueuedRecord) => void): boolean {
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      try { write(next); } catch (err) { this.failed(err); return false; }
      this.queue.shift();
      this.#queuedBytes -= next.bytes;
      this.recovered += 1;
    }
    if (this.state === 'failing') { this.state = 'ok'; this.since = null; }
    return true;
  }

  queued(actionId: string): QueuedRecord | undefined { return this.queue.find((r) => r.action.id === actionId); }

  /** GET /browser/status `history`. */
  json(): Record<string, unknown> {
    return {
      state: this.state,
      ...(this.since !== null ? { since: this.since, error: this.lastError } : {}),
      queued: this.queue.length, lost: this.lost,
      ...(this.recovered > 0 ? { recovered: this.recovered } : {}),
      ...(this.screenshotsLost > 0 ? { screenshots_lost: this.screenshotsLost } : {}),
      ...(this.movedAside ? { moved_aside: this.movedAside } : {}),
    };
  }

  /** The envelope warning while writes fail (runner.warningSources). */
  warning(): string | null {
    if (this.state !== 'failing') return null;
    return `History is not being written since ${new Date(this.since!).toISOString()} (${this.lastError}): `
      + `${this.queue.length} action(s) held in memory and written when the disk accepts writes again`
      + `${this.lost > 0 ? `, ${this.lost} lost (the memory queue was full)` : ''}. GET /api/v1/browser/status shows history.state.`;
  }
}

/** What a SQLite failure means, for people: the code and the message. */
export function describeDbError(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  const message = (err as Error)?.message ?? String(err);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}

/** Failures of the file itself (not of a query we built): corrupt, full, unreadable, read-only. */
export function isStorageError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB|FULL|IOERR|CANTOPEN|READONLY|PROTOCOL|BUSY|LOCKED)/.test(code);
}

function sizeOf(action: ActionInsert, events: EventInsert[]): number {
  let n = 512 + (action.params?.length ?? 0) + (action.result?.length ?? 0) + (action.error_message?.length ?? 0);
  for (const e of events) n += 128 + (e.data?.length ?? 0);
  return n;
}
