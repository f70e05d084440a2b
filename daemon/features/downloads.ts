// Downloads: Chromium saves into <session_dir>/downloads under a guid; abpd keeps a record per
// download, renames finished files to their suggested names and tells the tab that started the
// download (download_started / download_completed, delivered with that tab's next action).
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChromeBrowser } from '../../cdp/browser.ts';
import { bestEffort } from '../../cdp/bestEffort.ts';
import {
  cancelDownload, enableDownloads, onDocumentResponse, onDownloadEvents, onDownloadResponse, onPageDownload, renameDownloaded,
  type DownloadBegin, type DownloadProgress,
} from '../../cdp/downloads.ts';
import type { BrowserHost } from '../browserHost.ts';
import type { Tab } from '../tab.ts';
import { featuresOf } from './state.ts';
import { quotaOf } from '../quota.ts';
import type { DownloadRecord } from './downloadStore.ts';

const MIME_MEMORY = 20;
const watched = new WeakSet<ChromeBrowser>();
/** guid → tab, when the page's event comes before the browser's. */
const tabOfGuid = new Map<string, string>();
const recentMime = new WeakMap<Tab, Map<string, string>>();

export function downloadsDir(host: BrowserHost): string { return join(host.config.sessionDir, 'downloads'); }

/** Once per Chromium: route its downloads into the session folder and watch them. */
export function watchBrowserDownloads(host: BrowserHost, browser: ChromeBrowser): void {
  if (watched.has(browser)) return;
  watched.add(browser);
  const dir = downloadsDir(host);
  mkdirSync(dir, { recursive: true });
  bestEffort(enableDownloads(browser.browserSession, browser.browserContextId, dir), 'downloads stay off if the browser refuses', (l) => host.log.error(l));
  onDownloadEvents(browser.browserSession, {
    begin: (e) => onBegin(host, e),
    progress: (e) => void onProgress(host, e),
  });
}

/** Per tab: which downloads it started, and the MIME types of the documents and downloads it received. */
export function watchTabDownloads(host: BrowserHost, tab: Tab): void {
  const mimes = new Map<string, string>();
  recentMime.set(tab, mimes);
  const remember = (url: string, mime: string): void => {
    mimes.delete(url);
    mimes.set(url, mime);
    if (mimes.size > MIME_MEMORY) mimes.delete(mimes.keys().next().value!);
  };
  // A link that turns into a download is a document response; an <a download> is only seen by Fetch.
  onDocumentResponse(tab.page.session, remember);
  onDownloadResponse(tab.page.session, remember);
  onPageDownload(tab.page.session, (guid) => {
    const record = featuresOf(host).downloads.byGuid(guid);
    if (!record) { tabOfGuid.set(guid, tab.id); return; }
    if (record.tabId === null) { record.tabId = tab.id; announceStart(host, record); }
  });
}

function onBegin(host: BrowserHost, e: DownloadBegin): void {
  const state = featuresOf(host);
  let tabId = tabOfGuid.get(e.guid) ?? null;
  tabOfGuid.delete(e.guid);
  if (tabId === null) for (const tab of host.tabs.values()) if (tab.page.mainFrameId === e.frameId) tabId = tab.id;
  const tab = tabId ? host.tabs.get(tabId) : undefined;
  const mime = (tab && recentMime.get(tab)?.get(e.url)) ?? 'application/octet-stream';
  const record: DownloadRecord = {
    id: state.unguessableId('dl'), guid: e.guid, tabId, url: e.url, filename: e.suggestedFilename,
    path: join(downloadsDir(host), e.guid), state: 'in_progress', bytesReceived: 0, totalBytes: 0,
    mimeType: mime, startTime: Date.now(), cancelRequested: false,
  };
  state.downloads.add(record);
  if (tabId !== null) announceStart(host, record);
}

function announceStart(host: BrowserHost, r: DownloadRecord): void {
  host.tabs.get(r.tabId!)?.pushEvent('download_started', {
    download_id: r.id, tab_id: r.tabId, url: r.url, filename: r.filename, mime_type: r.mimeType,
    ...(r.totalBytes > 0 ? { total_bytes: r.totalBytes } : {}),
  });
}

/**
 * Stops a download abpd will not keep (issue 27 item 2: 2 GiB were written in ~5 s, no gesture
 * needed): cancelled in Chromium (which removes the partial file), failed with a reason, and the
 * tab told at once (download_failed).
 */
export function stopDownload(host: BrowserHost, record: DownloadRecord, reason: 'too_large' | 'quota', detail: Record<string, unknown>): void {
  if (record.failReason || record.state !== 'in_progress') return;
  record.failReason = reason;
  const browser = host.browser;
  if (browser) bestEffort(cancelDownload(browser.browserSession, browser.browserContextId, record.guid), 'a download that ends first needs no cancel', (l) => host.log.debug(l));
  host.log.info(`download ${record.id} stopped (${reason}): ${JSON.stringify(detail)}`);
  const tab = record.tabId ? host.tabs.get(record.tabId) : undefined;
  tab?.pushEvent('download_failed', { download_id: record.id, tab_id: record.tabId, url: record.url, filename: record.filename, reason, ...detail });
}

function checkSize(host: BrowserHost, record: DownloadRecord): void {
  const max = host.config.maxDownloadBytes;
  if (max <= 0) return;
  if (record.bytesReceived > max || record.totalBytes > max) {
    stopDownload(host, record, 'too_large', { limit_bytes: max, flag: '--max-download-bytes', bytes_received: record.bytesReceived, ...(record.totalBytes > 0 ? { total_bytes: record.totalBytes } : {}) });
  }
}

async function onProgress(host: BrowserHost, e: DownloadProgress): Promise<void> {
  const record = featuresOf(host).downloads.byGuid(e.guid);
  if (!record || record.state !== 'in_progress') return;
  record.bytesReceived = e.receivedBytes;
  record.totalBytes = e.totalBytes;
  if (e.state === 'inProgress') { checkSize(host, record); quotaOf(host)?.onDownloadProgress(record); return; }
  if (e.state === 'canceled') {
    record.state = record.cancelRequested && !record.failReason ? 'cancelled' : 'failed';
    record.endTime = Date.now();
    return;
  }
  if (record.failReason) {
    // It finished before the cancel landed: still not kept.
    record.state = 'failed';
    record.endTime = Date.now();
    await rm(join(downloadsDir(host), e.guid), { force: true }).catch(() => undefined);
    return;
  }

  try {
    record.path = await renameDownloaded(downloadsDir(host), e.guid, record.filename);
    record.filename = record.path.slice(downloadsDir(host).length + 1);
  } catch (err) {
    host.log.error(`download ${record.id}: could not rename ${e.guid} to "${record.filename}": ${(err as Error).message}`);
  }
  record.state = 'completed';
  record.endTime = Date.now();
  if (record.tabId) {
    host.tabs.get(record.tabId)?.pushEvent('download_completed', {
      download_id: record.id, tab_id: record.tabId, path: record.path, filename: record.filename,
      bytes_received: record.bytesReceived, mime_type: record.mimeType,
    });
  }
}
