// Downloads of abpd's browser context. With `allowAndName` Chromium saves each file under its guid
// (measured), so a finished file is renamed to the suggested name, de-duplicated ("a (1).pdf").
// Events arrive on the browser session; the page session's Page.downloadWillBegin tells which tab.
import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { extname, basename, join } from 'node:path';
import type { Protocol } from 'devtools-protocol';
import type { CdpSession } from './connection.ts';

export interface DownloadBegin { guid: string; url: string; suggestedFilename: string; frameId: string }
export interface DownloadProgress { guid: string; state: 'inProgress' | 'completed' | 'canceled'; receivedBytes: number; totalBytes: number }

export async function enableDownloads(browser: CdpSession, browserContextId: string, downloadPath: string): Promise<void> {
  await browser.send('Browser.setDownloadBehavior', { behavior: 'allowAndName', downloadPath, eventsEnabled: true, browserContextId });
}

export function onDownloadEvents(browser: CdpSession, handlers: { begin(e: DownloadBegin): void; progress(e: DownloadProgress): void }): () => void {
  const offs = [
    browser.on('Browser.downloadWillBegin', (e) => handlers.begin({ guid: e.guid, url: e.url, suggestedFilename: e.suggestedFilename, frameId: e.frameId })),
    browser.on('Browser.downloadProgress', (e) => handlers.progress({ guid: e.guid, state: e.state, receivedBytes: e.receivedBytes, totalBytes: e.totalBytes })),
  ];
  return () => { for (const off of offs) off(); };
}

/** The page that started a download (the deprecated page-level event still fires, with the guid). */
export function onPageDownload(page: CdpSession, handler: (guid: string) => void): () => void {
  return page.on('Page.downloadWillBegin', (e) => handler(e.guid));
}

export async function cancelDownload(browser: CdpSession, browserContextId: string, guid: string): Promise<void> {
  await browser.send('Browser.cancelDownload', { guid, browserContextId });
}

/** Moves <dir>/<guid> to <dir>/<suggested name>, never overwriting; returns the final path. */
export async function renameDownloaded(dir: string, guid: string, suggested: string): Promise<string> {
  const safe = basename(suggested).replace(/[\u0000-\u001f/\\]/g, '_').replace(/^\.+/, '') || 'download';
  const ext = extname(safe);
  const stem = safe.slice(0, safe.length - ext.length);
  let candidate = join(dir, safe);
  for (let n = 1; existsSync(candidate); n += 1) candidate = join(dir, `${stem} (${n})${ext}`);
  await rename(join(dir, guid), candidate);
  return candidate;
}

/** MIME types of documents the page received (a download starts as one), newest last. */
export function onDocumentResponse(page: CdpSession, handler: (url: string, mimeType: string) => void): () => void {
  return page.on('Network.responseReceived', (e) => { if (e.type === 'Document') handler(e.response.url, e.response.mimeType); });
}

/**
 * A download started by `<a download>` is no navigation: the Network domain reports nothing for it
 * (measured, Chromium 156), but Fetch pauses it as a Document request without a `networkId`. Such a
 * request is continued with `interceptResponse`, so its response is paused once more and its
 * Content-Type read (onDownloadResponse); documents the Network domain tracks pay nothing.
 */
export function wantsResponseLook(e: Protocol.Fetch.RequestPausedEvent): boolean {
  return e.resourceType === 'Document' && e.networkId === undefined && e.responseStatusCode === undefined && e.responseErrorReason === undefined;
}

/** Each <a download> request as Fetch pauses it (it comes ~15-35 ms before Browser.downloadWillBegin). */
export function onDownloadRequest(page: CdpSession, handler: (url: string) => void): () => void {
  return page.on('Fetch.requestPaused', (e) => { if (wantsResponseLook(e)) handler(e.request.url); });
}

/** The MIME type of each response paused by wantsResponseLook (the download's own response). */
export function onDownloadResponse(page: CdpSession, handler: (url: string, mimeType: string) => void): () => void {
  return page.on('Fetch.requestPaused', (e) => {
    if (e.resourceType !== 'Document' || e.networkId !== undefined || e.responseStatusCode === undefined) return;
    const header = e.responseHeaders?.find((h) => h.name.toLowerCase() === 'content-type')?.value;
    const mime = header?.split(';')[0]?.trim().toLowerCase();
    if (mime) handler(e.request.url, mime);
  });
}
