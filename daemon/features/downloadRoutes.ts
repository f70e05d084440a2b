// /downloads (rest.md §4.12).
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { cancelDownload } from '../../cdp/downloads.ts';
import { ApiError } from '../errors.ts';
import type { BrowserHost } from '../browserHost.ts';
import type { RouteDef } from '../routes/types.ts';
import { downloadJson, type DownloadRecord } from './downloadStore.ts';
import { featuresOf } from './state.ts';

const DEFAULT_MAX_SIZE = 10 * 1024 * 1024;

function find(host: BrowserHost, id: string): DownloadRecord {
  const record = featuresOf(host).downloads.get(id);
  if (!record) throw new ApiError(404, 'DOWNLOAD_NOT_FOUND', `Download not found: ${id}. List downloads with GET /api/v1/downloads.`);
  return record;
}

const listQuery = z.object({
  state: z.enum(['in_progress', 'completed', 'cancelled', 'failed']).optional(),
  limit: z.string().regex(/^\d{1,9}$/, 'a whole number ≥ 0').optional(),
}).loose();

export const downloadRoutes: RouteDef[] = [
  {
    name: 'list_downloads', method: 'GET', path: '/downloads', kind: 'query', query: listQuery,
    summary: 'Downloads of this session, oldest first (filter by state; limit, default 100).',
    async handle(req, { host }) {
      const q = req.query as z.infer<typeof listQuery>;
      const limit = q.limit === undefined ? 100 : Number(q.limit);
      const list = featuresOf(host).downloads.list().filter((r) => !q.state || r.state === q.state);
      return { json: { downloads: list.slice(0, limit).map(downloadJson) } };
    },
  },
  {
    name: 'get_download', method: 'GET', path: '/downloads/:id', kind: 'query', summary: 'One download record.',
    async handle(req, { host }) { return { json: downloadJson(find(host, req.params.id!)) }; },
  },
  {
    name: 'cancel_download', method: 'POST', path: '/downloads/:id/cancel', kind: 'query', body: z.object({}).loose(),
    summary: 'Cancel a download in progress.',
    async handle(req, { host }) {
      const record = find(host, req.params.id!);
      // 400 as ABP answers it (its client treats the call as a bad request, not a state race).
      if (record.state !== 'in_progress') {
        throw new ApiError(400, 'DOWNLOAD_NOT_IN_PROGRESS', `Download ${record.id} is ${record.state}; only a download in progress can be cancelled.`);
      }
      const browser = host.requireBrowser();
      record.cancelRequested = true;
      await cancelDownload(browser.browserSession, browser.browserContextId, record.guid);
      return { json: { success: true, message: 'Download cancelled' } };
    },
  },
  {
    name: 'download_content', method: 'GET', path: '/downloads/:id/content', kind: 'query',
    docs: { answer: 'the downloaded file\'s bytes (its own Content-Type)' },
    query: z.object({ max_size: z.string().regex(/^\d{1,12}$/, 'a whole number of bytes').optional() }).loose(),
    summary: 'The downloaded file\'s bytes (max_size, default 10 MiB).',
    async handle(req, { host }) {
      const record = find(host, req.params.id!);
      if (record.state !== 'completed') {
        throw new ApiError(409, 'DOWNLOAD_NOT_COMPLETED', `Download ${record.id} is ${record.state}; its content is available once it has completed (GET /api/v1/downloads/${record.id}).`);
      }
      const max = (req.query as { max_size?: string }).max_size === undefined ? DEFAULT_MAX_SIZE : Number((req.query as { max_size: string }).max_size);
      if (record.pruned) throw new ApiError(410, 'DOWNLOAD_FILE_GONE', `The file of download ${record.id} was removed (oldest first) to keep the session dir within its quota (--max-session-mb).`);
      const info = await stat(record.path).catch(() => null);
      if (!info) throw new ApiError(410, 'DOWNLOAD_FILE_GONE', `The file of download ${record.id} is no longer at ${record.path}.`);
      if (info.size > max) throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `The file is ${info.size} bytes, more than max_size ${max}; pass a larger max_size or read ${record.path} directly.`);
      // The page chose these bytes and their type: always an attachment (app.ts adds nosniff + sandbox).
      return { binary: await readFile(record.path), contentType: record.mimeType || 'application/octet-stream', filename: record.filename };
    },
  },
];
