// The per-tab request log (issue 24 "Network"): the list with filters, one request with its headers
// and (on demand, capped) its response body. Reads only: nothing here moves the page's clock.
import { z } from 'zod';
import { toHar } from '../../cdp/har.ts';
import { ApiError } from '../errors.ts';
import type { RouteDef } from './types.ts';

const ABPD_VERSION = '0.1.0';
const DEFAULT_BODY_BYTES = 64 * 1024;
const MAX_BODY_BYTES = 5 * 1024 * 1024;

const listQuery = z.object({
  after_id: z.string().regex(/^\d{1,12}$/, 'a request id (whole number) from an earlier answer').optional(),
  type: z.string().regex(/^[A-Za-z]+(,[A-Za-z]+)*$/, 'resource types, comma-separated (Document, Script, Fetch, XHR, Image…)').optional(),
  status: z.string().regex(/^(\d{3}|[1-5]xx|failed|pending|redirected)$/, 'an HTTP status (404), a class (4xx), failed, pending or redirected').optional(),
  limit: z.string().regex(/^\d{1,4}$/, 'a whole number 1-1000').optional(),
}).loose();

const harQuery = z.object({ bodies: z.enum(['true', 'false']).optional() }).loose();
const HAR_BODY_BYTES = 1024 * 1024;

const oneQuery = z.object({
  body: z.enum(['true', 'false']).optional(),
  max_body_bytes: z.string().regex(/^\d{1,8}$/, `a whole number of bytes, at most ${MAX_BODY_BYTES}`).optional(),
}).loose();

function requestId(raw: string | undefined): number {
  if (!raw || !/^\d{1,12}$/.test(raw)) throw new ApiError(400, 'INVALID_PARAMS', 'request_id: a request id (whole number) from GET /tabs/{id}/network');
  return Number(raw);
}

export const networkRoutes: RouteDef[] = [
  {
    name: 'network_log', method: 'GET', path: '/tabs/:id/network', kind: 'query', query: listQuery,
    summary: "The tab's request log (kept across navigations, the last 1000): method, URL, type, status, timing, sizes, initiator and the action that started each.",
    docs: { group: 'network', answer: '{"requests": [{"id", "method", "url", "type", "status", "state", "timing", "sizes", "initiator", "action", …}], "last_id"}' },
    async handle(req, { host }) {
      const tab = host.getTab(req.params.id!);
      const q = req.query as z.infer<typeof listQuery>;
      const limit = q.limit === undefined ? 1_000 : Math.min(Math.max(Number(q.limit), 1), 1_000);
      const all = tab.page.requests.list({ afterId: q.after_id === undefined ? undefined : Number(q.after_id), types: q.type?.split(','), status: q.status });
      const requests = all.slice(0, limit).map(({ request_headers: _rq, response_headers: _rs, ...row }) => row);
      return { json: { requests, last_id: requests.at(-1)?.id ?? (q.after_id === undefined ? 0 : Number(q.after_id)), ...(all.length > limit ? { more: true } : {}) } };
    },
  },
  {
    name: 'network_request', method: 'GET', path: '/tabs/:id/network/:request_id', kind: 'query', query: oneQuery,
    summary: 'One logged request with its request and response headers; body=true adds the response body (capped at max_body_bytes, default 64 KiB).',
    docs: {
      group: 'network', answer: '{"request": {…, "request_headers", "response_headers"}, "body"?: {"text" | "base64", "truncated", "size"}}',
      errors: [{ status: 404, code: 'REQUEST_NOT_FOUND', when: 'no such id in the log (never logged, or older than the last 1000)' }],
    },
    async handle(req, { host }) {
      const tab = host.getTab(req.params.id!);
      const id = requestId(req.params.request_id);
      const entry = tab.page.requests.get(id);
      if (!entry) throw new ApiError(404, 'REQUEST_NOT_FOUND', `No request ${id} in tab ${tab.id}'s log; list them with GET /tabs/${tab.id}/network.`);
      const q = req.query as z.infer<typeof oneQuery>;
      if (q.body !== 'true') return { json: { request: entry } };
      const max = q.max_body_bytes === undefined ? DEFAULT_BODY_BYTES : Number(q.max_body_bytes);
      if (max < 1 || max > MAX_BODY_BYTES) throw new ApiError(400, 'INVALID_PARAMS', `max_body_bytes: between 1 and ${MAX_BODY_BYTES}`);
      const got = await tab.page.requests.body(id, max);
      const body = 'unavailable' in got
        ? { unavailable: got.unavailable }
        : { ...(got.base64 ? { base64: got.body } : { text: got.body }), truncated: got.truncated, size: got.size };
      return { json: { request: entry, body } };
    },
  },
  {
    name: 'network_har', method: 'GET', path: '/tabs/:id/network.har', kind: 'query', query: harQuery,
    summary: "The tab's request log as a HAR 1.2 file (finished and failed requests; bodies=true adds response bodies up to 1 MiB each).",
    docs: { group: 'network', answer: 'a HAR 1.2 file (application/json attachment): {"log": {"version": "1.2", "creator", "pages", "entries"}}' },
    async handle(req, { host }) {
      const tab = host.getTab(req.params.id!);
      const q = req.query as z.infer<typeof harQuery>;
      const har = await toHar(tab.page.requests, { creatorVersion: ABPD_VERSION, pageTitle: tab.page.title || tab.page.url, bodies: q.bodies === 'true', maxBodyBytes: HAR_BODY_BYTES });
      return { binary: Buffer.from(JSON.stringify(har, null, 1)), contentType: 'application/json', filename: `tab-${tab.id.slice(0, 8)}.har` };
    },
  },
];
