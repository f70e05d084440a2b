// Download records (rest.md §4.12), keyed by abpd id (dl_<32 random hex>, unguessable) and by Chromium's guid.
export type DownloadState = 'in_progress' | 'completed' | 'cancelled' | 'failed';

export interface DownloadRecord {
  id: string; guid: string; tabId: string | null; url: string; filename: string; path: string; state: DownloadState;
  bytesReceived: number; totalBytes: number; mimeType: string; startTime: number; endTime?: number; cancelRequested: boolean;
  /** Why abpd stopped it (too_large: --max-download-bytes; quota: the session dir's quota). */
  failReason?: 'too_large' | 'quota';
  /** Its file was removed to keep the session dir in its quota (daemon/quota.ts). */
  pruned?: boolean;
}

export class DownloadStore {
  readonly #byId = new Map<string, DownloadRecord>();
  readonly #byGuid = new Map<string, DownloadRecord>();

  add(record: DownloadRecord): void { this.#byId.set(record.id, record); this.#byGuid.set(record.guid, record); }
  get(id: string): DownloadRecord | undefined { return this.#byId.get(id); }
  byGuid(guid: string): DownloadRecord | undefined { return this.#byGuid.get(guid); }
  list(): DownloadRecord[] { return [...this.#byId.values()]; }
}

/** The record as the API shows it. */
export function downloadJson(r: DownloadRecord): Record<string, unknown> {
  return {
    id: r.id, url: r.url, filename: r.filename, path: r.path, state: r.state, bytes_received: r.bytesReceived,
    total_bytes: r.totalBytes, ...(r.totalBytes > 0 ? { percent_complete: Math.round((r.bytesReceived / r.totalBytes) * 1000) / 10 } : {}),
    mime_type: r.mimeType, start_time: r.startTime, ...(r.endTime !== undefined ? { end_time: r.endTime } : {}),
    ...(r.tabId ? { tab_id: r.tabId } : {}), ...(r.failReason ? { failure_reason: r.failReason } : {}), ...(r.pruned ? { pruned: true } : {}),
  };
}
