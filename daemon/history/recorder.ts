// Turns every finished action (and tab command) into a history row plus its screenshot files. The
// row is written synchronously (a prepared insert in one transaction, well under a millisecond) so
// an action the client saw complete survives a kill -9; image files are written asynchronously.
import { writeFile } from 'node:fs/promises';
import { trackWrite } from './files.ts';
import { join } from 'node:path';
import type { AbpEvent } from '../events.ts';
import type { RawFrame } from '../frames.ts';
import type { Logger } from '../log.ts';
import type { ActionRecord } from '../runner.ts';
import { screenshotName, type SessionLayout } from './layout.ts';
import type { Retention } from './retention.ts';
import { toStoredJson } from './shapes.ts';
import type { ActionInsert, EventInsert, HistoryStore } from './store.ts';
import { describeDbError, HistoryHealth, isStorageError, RETRY_MS } from './health.ts';

const RECENT_NAMES_CAP = 512;
const DAY_MS = 86_400_000;

export class HistoryRecorder {
  #pending = new Map<string, Promise<void>>();
  /** Two actions on one tab can start in the same millisecond (both queued): keep their files apart. */
  #recentNames = new Set<string>();

  #retry: NodeJS.Timeout | null = null;

  constructor(readonly store: HistoryStore, readonly layout: SessionLayout, readonly retention: Retention,
    readonly log: Logger, readonly health: HistoryHealth = new HistoryHealth()) {}

  readonly observe = (record: ActionRecord): void => {
    const error = record.error;
    const before = this.#fileFor(record, 'before', record.beforeFrame);
    const after = this.#fileFor(record, 'after', record.afterFrame);
    const events = record.envelope?.events ?? (error as { events?: AbpEvent[] } | undefined)?.events ?? [];
    const action: ActionInsert = {
      id: record.actionId,
      tab_id: record.tabId || null,
      action_type: record.type,
      timestamp: record.startedAt,
      duration_ms: record.durationMs,
      params: toStoredJson(record.params),
      result: toStoredJson(record.envelope ? record.envelope.result : record.result),
      success: error ? 0 : 1,
      error_code: error?.code ?? null,
      error_message: error?.message ?? null,
      screenshot_before_path: before?.path ?? null,
      screenshot_after_path: after?.path ?? null,
    };
    const written = this.#commit(action, events.map((e) => this.#eventRow(e, record.tabId)));
    for (const file of [before, after]) if (file) this.#write(record.actionId, file);
    if (written) {
      try { this.retention.afterRecord(); } catch (err) { this.log.error(`history: retention: ${describeDbError(err)}`); }
    } else if (record.envelope) {
      // The envelope is still on its way to the client: this very action is one of those held.
      const warning = this.health.warning();
      if (warning && !record.envelope.warnings?.includes(warning)) record.envelope.warnings = [...(record.envelope.warnings ?? []), warning];
    }
  };

  /** Writes the row now, or keeps it in the health queue (older queued rows go first). */
  #commit(action: ActionInsert, events: EventInsert[]): boolean {
    if (this.health.queue.length > 0) this.#drain();
    if (this.health.queue.length === 0) {
      try {
        this.store.recordAction(action, events);
        this.health.succeeded();
        return true;
      } catch (err) {
        if (!isStorageError(err)) this.log.error(`history: ${(err as Error).stack ?? err}`);
        this.health.failed(err);
        this.log.error(`history: could not record ${action.id} (${describeDbError(err)}); kept in memory until writes succeed`);
      }
    }
    this.health.hold(action, events);
    this.#retryLater();
    return false;
  }

  #drain(): void {
    const was = this.health.queue.length;
    if (!this.health.drain((r) => this.store.recordAction(r.action, r.events))) return;
    if (this.#retry) { clearInterval(this.#retry); this.#retry = null; }
    if (was > 0) this.log.info(`history: writes succeed again; ${was} held action(s) recorded`);
  }

  #retryLater(): void {
    this.#retry ??= setInterval(() => this.#drain(), RETRY_MS);
    this.#retry.unref();
  }

  /** Last chance before close (shutdown): what is still held is written if the disk allows. */
  stop(): void {
    if (this.health.queue.length > 0) this.#drain();
    if (this.#retry) { clearInterval(this.#retry); this.#retry = null; }
  }

  /** Resolves when the file at path is on disk (or its write failed); undefined if none is pending. */
  pendingWrite(path: string): Promise<void> | undefined { return this.#pending.get(path); }

  /** Waits (bounded) for the image writes in flight, e.g. before shutdown. */
  async flush(timeoutMs = 3_000): Promise<void> {
    const all = Promise.all(this.#pending.values());
    await Promise.race([all, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  #fileFor(record: ActionRecord, which: 'before' | 'after', frame: RawFrame | undefined) {
    if (!frame) return undefined;
    const key = `${record.startedAt}_${record.tabId}_${which}`;
    const suffix = this.#recentNames.has(key) ? `_${record.actionId}` : '';
    this.#recentNames.add(key);
    if (this.#recentNames.size > RECENT_NAMES_CAP) this.#recentNames.delete(this.#recentNames.values().next().value!);
    // The envelope's bytes as they are: WebP (the default) is what ABP stores; PNG/JPEG frames keep
    // their format (the file extension says which) rather than paying a re-encode per action.
    const path = join(this.layout.screenshots, screenshotName(record.startedAt, record.tabId || 'none', which, frame.format, suffix));
    return { path, which, data: frame.data };
  }

  #write(actionId: string, file: { path: string; which: 'before' | 'after'; data: Buffer }): void {
    this.retention.addBytes(file.data.length);
    const done = writeFile(file.path, file.data).catch((err: Error) => {
      this.log.error(`history: could not write ${file.path}: ${err.message}`);
      this.health.screenshotLost();
      this.retention.addBytes(-file.data.length);
      const held = this.health.queued(actionId);
      if (held) held.action[file.which === 'before' ? 'screenshot_before_path' : 'screenshot_after_path'] = null;
      else try { this.store.clearScreenshotPath(actionId, file.which); } catch (dbErr) {
        this.log.error(`history: ${(dbErr as Error).message}`);
      }
    }).finally(() => { this.#pending.delete(file.path); });
    this.#pending.set(file.path, done);
    trackWrite(file.path, file.data.length, done);
  }

  #eventRow(event: AbpEvent, tabId: string): EventInsert {
    const now = Date.now();
    // virtual_time_ms is epoch ms unless the tab's clock is under execution control (then it is
    // Chromium's ticks base, not a date): only a plausible date is kept as the event's time.
    const vt = event.virtual_time_ms;
    const timestamp = Number.isFinite(vt) && Math.abs(vt - now) < DAY_MS ? Math.trunc(vt) : now;
    const dataTab = event.data.tab_id;
    return { tab_id: typeof dataTab === 'string' ? dataTab : tabId || null, event_type: event.type, timestamp, data: toStoredJson(event.data) };
  }
}
