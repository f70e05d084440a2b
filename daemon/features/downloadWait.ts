// The action that starts a download waits, briefly, for a small one to finish, so its envelope has
// its own download_completed (issue 25: a 5 ms download's completion came with the next action).
// Armed only by a download of this tab: an <a download> request (seen by Fetch before Chromium
// announces the download) or a download record begun during the action; any other action pays one
// map lookup and a scan of this daemon's download records.
import { onDownloadRequest } from '../../cdp/downloads.ts';
import type { BrowserHost } from '../browserHost.ts';
import type { Tab } from '../tab.ts';
import type { DownloadRecord } from './downloadStore.ts';
import { featuresOf } from './state.ts';

/** How long an action waits for the downloads it started. */
export const DOWNLOAD_WAIT_MS = 1_000;
const POLL_MS = 10;
/** Progress is read this long before a download is judged too slow to finish within the wait. */
const RATE_AFTER_MS = 100;

const requestsSeen = new WeakMap<Tab, number>();

export interface DownloadMark { requests: number; since: number }

export function watchDownloadRequests(tab: Tab): void {
  onDownloadRequest(tab.page.session, () => { requestsSeen.set(tab, (requestsSeen.get(tab) ?? 0) + 1); });
}

/** Taken before the input, as the network mark is. */
export function downloadMark(tab: Tab): DownloadMark {
  return { requests: requestsSeen.get(tab) ?? 0, since: Date.now() };
}

/** A download that has received bytes at a rate that cannot finish it before `deadline` (epoch ms). */
function tooSlow(r: DownloadRecord, now: number, deadline: number): boolean {
  const elapsed = now - r.startTime;
  // Nothing received yet tells nothing (Chromium reports bytes late): waited for, within the bound.
  if (r.totalBytes <= 0 || r.bytesReceived <= 0 || elapsed < RATE_AFTER_MS) return false;
  return r.startTime + (elapsed * r.totalBytes) / r.bytesReceived > deadline;
}

/**
 * Waits until every download this tab began since `mark` has ended (completed, cancelled, failed),
 * at most DOWNLOAD_WAIT_MS; one that clearly cannot finish in time is not waited for. Its events
 * are pushed to the tab as they happen, so the envelope drained after this carries them.
 */
export async function waitForOwnDownloads(host: BrowserHost, tab: Tab, mark: DownloadMark, signal: AbortSignal): Promise<void> {
  const store = featuresOf(host).downloads;
  const own = (): DownloadRecord[] => store.list().filter((r) => r.tabId === tab.id && r.startTime >= mark.since);
  const requested = (): number => (requestsSeen.get(tab) ?? 0) - mark.requests;
  if (requested() === 0 && own().length === 0) return;
  const deadline = Date.now() + DOWNLOAD_WAIT_MS;
  while (!signal.aborted && !tab.closed && Date.now() < deadline) {
    const now = Date.now();
    const started = own();
    // A request Fetch saw that Chromium has not announced yet is still coming.
    const announced = started.length >= requested();
    if (announced && started.every((r) => r.state !== 'in_progress' || tooSlow(r, now, deadline))) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
