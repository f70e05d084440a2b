// What the event features keep per daemon: pending choosers, pickers and permission prompts (each
// with the tab it belongs to), downloads and the console buffer. One per BrowserHost, created on
// first use, so the per-tab hooks (called from BrowserHost) and the routes (a plugin) share it.
import { randomBytes } from 'node:crypto';
import type { CdpSession } from '../../cdp/connection.ts';
import type { BrowserHost } from '../browserHost.ts';
import { ConsoleBuffer } from './consoleBuffer.ts';
import { DownloadStore } from './downloadStore.ts';
import { discardUploads } from './uploadStaging.ts';

export interface FileChooserRecord { id: string; tabId: string; backendNodeId?: number; multiple: boolean; createdAt: number }
export interface PickerRecord { id: string; tabId: string; kind: 'select' | 'datetime'; contextId: number; key: number; inputType?: string; createdAt: number }
export interface PermissionRecord {
  id: string; tabId: string; permissionType: string; origin: string; requestedAt: number; contextId: number; request: number;
}

// Where a record's report came from and its answer goes: the page's session or an out-of-process
// iframe's. Kept beside the records, not in them: records travel in action params, which history
// stores as JSON.
const sessions = new WeakMap<object, CdpSession>();
export function withSession<R extends object>(record: R, session: CdpSession): R { sessions.set(record, session); return record; }
export function sessionOf(record: object, fallback: CdpSession): CdpSession { return sessions.get(record) ?? fallback; }

export class FeatureState {
  readonly fileChoosers = new Map<string, FileChooserRecord>();
  readonly pickers = new Map<string, PickerRecord>();
  readonly permissions = new Map<string, PermissionRecord>();
  readonly downloads = new DownloadStore();
  readonly console = new ConsoleBuffer();
  #counters = new Map<string, number>();

  /**
   * A download's id is in a GET URL that serves page-chosen bytes, so a page must not be able to
   * name it before it is told (issue 27 item 1c): 128 random bits, dl_<32 hex>.
   */
  unguessableId(prefix: string): string { return `${prefix}_${randomBytes(16).toString('hex')}`; }

  /** ABP's ids: a prefix and a counter per daemon run (fc_1, sp_1, dtp_1, perm_1). */
  nextId(prefix: string): string {
    const n = (this.#counters.get(prefix) ?? 0) + 1;
    this.#counters.set(prefix, n);
    return `${prefix}_${n}`;
  }

  /** Upload copies handed to a tab's page (uploadStaging.ts), removed when the tab closes. */
  readonly uploads = new Map<string, string[]>();

  keepUploads(tabId: string, paths: string[]): void {
    if (paths.length > 0) this.uploads.set(tabId, [...(this.uploads.get(tabId) ?? []), ...paths]);
  }

  /** A closed tab's choosers, pickers and prompts can no longer be answered; its uploads are unused. */
  forgetTab(tabId: string): void {
    const uploads = this.uploads.get(tabId);
    if (uploads) { this.uploads.delete(tabId); discardUploads(uploads); }
    for (const map of [this.fileChoosers, this.pickers, this.permissions] as Map<string, { tabId: string }>[]) {
      for (const [id, record] of map) if (record.tabId === tabId) map.delete(id);
    }
  }
}

/**
 * Answers a pending chooser or prompt once: it leaves its map now (a concurrent second answer gets
 * 404), and goes back if the answer was refused before its action started (queue full, a dialog
 * open, the browser restarting, timed out while queued), so a retry can still answer it.
 * `answer` calls `started()` as the first thing its action does.
 */
export async function answerOnce<R extends { id: string; tabId: string }, T>(map: Map<string, R>, record: R,
  tabOpen: () => boolean, answer: (started: () => void) => Promise<T>): Promise<T> {
  map.delete(record.id);
  let ran = false;
  try {
    return await answer(() => { ran = true; });
  } catch (err) {
    if (!ran && tabOpen() && !map.has(record.id)) map.set(record.id, record);
    throw err;
  }
}

const states = new WeakMap<BrowserHost, FeatureState>();

export function featuresOf(host: BrowserHost): FeatureState {
  let state = states.get(host);
  if (!state) { state = new FeatureState(); states.set(host, state); }
  return state;
}
