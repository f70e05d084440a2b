// The session dir's disk quota (issue 27 item 2: downloads were never pruned; 2 GiB landed in ~5 s).
// What abpd keeps there — history (screenshots + database), downloads, upload copies — must fit in
// --max-session-mb. When it does not, the oldest goes first, history actions and finished downloads
// alike (a pruned download's record stays, its file is gone: content answers 410); when nothing
// old is left to prune, what is still growing is refused: a download in progress is cancelled
// (download_failed {reason: quota}), or the tab gets quota_exceeded. Checked after every recorded
// action and on every download progress report. A plugin, after history (its observer runs second).
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserHost } from './browserHost.ts';
import type { DaemonPlugin } from './plugins.ts';
import type { Deps } from './routes/types.ts';
import type { DownloadRecord } from './features/downloadStore.ts';
import { stopDownload } from './features/downloads.ts';
import { featuresOf } from './features/state.ts';
import { peekHistory } from './history/runtime.ts';

const HISTORY_PRUNE_BATCH = 10;

function dirBytes(dir: string): number {
  let total = 0;
  let names: string[] = [];
  try { names = readdirSync(dir); } catch { return 0; }
  for (const name of names) {
    try {
      const info = statSync(join(dir, name));
      total += info.isDirectory() ? dirBytes(join(dir, name)) : info.size;
    } catch { /* gone meanwhile */ }
  }
  return total;
}

export class SessionQuota {
  /** When the quota last could not be met (status). */
  overSince: number | null = null;
  prunedDownloads = 0;
  prunedActions = 0;

  constructor(readonly deps: Deps) {}

  get limit(): number { return this.deps.config.maxSessionBytes; }

  #downloads(): DownloadRecord[] { return featuresOf(this.deps.host).downloads.list(); }

  usedBytes(): number {
    let used = 0;
    for (const r of this.#downloads()) if (!r.pruned) used += r.bytesReceived;
    const history = peekHistory(this.deps);
    if (history) used += history.retention.totalBytes;
    return used + dirBytes(join(this.deps.config.sessionDir, 'uploads'));
  }

  /** Prunes oldest-first until it fits; false when nothing old is left and it still does not. */
  enforce(): boolean {
    if (this.limit <= 0) return true;
    let used = this.usedBytes();
    while (used > this.limit) {
      const download = this.#downloads().filter((r) => !r.pruned && r.state !== 'in_progress' && r.bytesReceived > 0)
        .sort((a, b) => (a.endTime ?? a.startTime) - (b.endTime ?? b.startTime))[0];
      const history = peekHistory(this.deps);
      const oldestAction = history?.retention.oldestTimestamp() ?? null;
      if (download && (oldestAction === null || (download.endTime ?? download.startTime) <= oldestAction)) {
        this.#pruneDownload(download);
      } else if (history && oldestAction !== null) {
        if (history.retention.pruneForQuota(HISTORY_PRUNE_BATCH) === 0) break;
        this.prunedActions += HISTORY_PRUNE_BATCH;
      } else {
        break;
      }
      used = this.usedBytes();
    }
    const fits = used <= this.limit;
    this.overSince = fits ? null : this.overSince ?? Date.now();
    return fits;
  }

  #pruneDownload(record: DownloadRecord): void {
    try { unlinkSync(record.path); } catch { /* already gone */ }
    record.pruned = true;
    this.prunedDownloads += 1;
    this.deps.log.info(`quota: pruned download ${record.id} (${record.bytesReceived} bytes, --max-session-mb)`);
  }

  /** A download grew: prune for it, or refuse it. */
  onDownloadProgress(record: DownloadRecord): void {
    if (this.limit <= 0 || record.state !== 'in_progress' || this.enforce()) return;
    stopDownload(this.deps.host, record, 'quota', this.#detail());
    this.enforce(); // its bytes no longer count once Chromium has removed the file
  }

  /** An action was recorded: prune for it; if nothing can make room, the tab hears of it. */
  afterAction(tabId: string): void {
    if (this.limit <= 0 || this.enforce()) return;
    this.deps.host.tabs.get(tabId)?.pushEvent('quota_exceeded', { tab_id: tabId, ...this.#detail(),
      message: 'The session dir is over its quota and nothing older is left to prune; raise --max-session-mb or free space (DELETE /api/v1/history?confirm=true).' });
  }

  #detail(): Record<string, unknown> {
    return { quota_bytes: this.limit, used_bytes: this.usedBytes(), flag: '--max-session-mb' };
  }

  json(): Record<string, unknown> {
    return { limit_bytes: this.limit, used_bytes: this.usedBytes(), state: this.overSince === null ? 'ok' : 'over',
      ...(this.overSince !== null ? { since: this.overSince } : {}), pruned_downloads: this.prunedDownloads };
  }
}

const quotas = new WeakMap<BrowserHost, SessionQuota>();
export const quotaOf = (host: BrowserHost): SessionQuota | undefined => quotas.get(host);

export const quotaPlugin: DaemonPlugin = {
  name: 'quota',
  start(deps) {
    const quota = new SessionQuota(deps);
    quotas.set(deps.host, quota);
    deps.runner.observers.add((record) => quota.afterAction(record.tabId));
    deps.host.statusSources.set('quota', () => quota.json());
    quota.enforce();
  },
};
