// What a request body may be: JSON only (a cross-site form or text/plain POST is a "simple" request a
// browser sends without asking us; application/json is not), and small unless it is an upload.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors.ts';

export const MIB = 1024 * 1024;
export const DEFAULT_BODY_LIMIT = 1 * MIB;
export const UPLOAD_BODY_LIMIT = 50 * MIB;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// File-chooser uploads carry base64 file contents (REST and the MCP `browser_files` tool).
// Smooth's POST /file is a multipart upload (agent-apis.md §1.3.1).
const UPLOAD_PATHS = [/^\/api\/v1\/file-chooser\//, /^\/mcp\/?$/, /^\/compat\/smooth\/api\/v1\/file\/?$/];

export function bodyLimitFor(path: string): number {
  return UPLOAD_PATHS.some((re) => re.test(path)) ? UPLOAD_BODY_LIMIT : DEFAULT_BODY_LIMIT;
}

function isJsonMediaType(contentType: string): boolean {
  return contentType.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

// AGENSTAB's REST page says it "accepts form-encoded request bodies" (compat.md). A cross-site form
// cannot reach it anyway: it needs a key header no form can set, and the Origin check runs first.
const FORM_PATHS = [/^\/compat\/agenstab\/v1\//];

// Smooth's POST /file takes multipart/form-data (the vendor's upload); same reasoning: a key header is needed.
const MULTIPART_PATHS = [/^\/compat\/smooth\/api\/v1\/file\/?$/];

function isFormAllowed(contentType: string, path: string): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (type === 'application/x-www-form-urlencoded' && FORM_PATHS.some((re) => re.test(path)))
    || (type === 'multipart/form-data' && MULTIPART_PATHS.some((re) => re.test(path)));
}

/**
 * 415 for a body that is not declared JSON. A Content-Type that is not JSON is refused even with an
 * empty body: an empty cross-site form POST to /browser/shutdown would otherwise land.
 */
export function checkContentType(c: Context): void {
  if (!BODY_METHODS.has(c.req.method)) return;
  const contentType = c.req.header('content-type');
  const length = Number(c.req.header('content-length') ?? '0');
  const hasBody = length > 0 || c.req.header('transfer-encoding') !== undefined;
  if (contentType === undefined ? !hasBody : isJsonMediaType(contentType)) return;
  if (contentType !== undefined && isFormAllowed(contentType, new URL(c.req.url).pathname)) return;
  throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', contentType === undefined
    ? `${c.req.method} with a body needs the header Content-Type: application/json (curl: -H 'Content-Type: application/json').`
    : `Content-Type "${contentType.slice(0, 100)}" is not accepted; send the body as JSON with Content-Type: application/json (curl: -H 'Content-Type: application/json').`);
}

function tooLarge(limit: number, path: string): ApiError {
  const upload = limit === UPLOAD_BODY_LIMIT;
  return new ApiError(413, 'PAYLOAD_TOO_LARGE', upload
    ? `The body is larger than ${limit / MIB} MiB, the limit for uploads. Upload fewer or smaller files per request.`
    : `The body of ${path} is larger than ${limit / MIB} MiB (only POST /file-chooser/{id} uploads may be up to ${UPLOAD_BODY_LIMIT / MIB} MiB). Send a smaller body.`);
}

const limiters = new Map<number, MiddlewareHandler>([DEFAULT_BODY_LIMIT, UPLOAD_BODY_LIMIT].map((limit) =>
  [limit, bodyLimit({ maxSize: limit, onError: (c) => { throw tooLarge(limit, new URL(c.req.url).pathname); } })]));

/**
 * 413 before parsing: a declared Content-Length over the limit is refused without reading the body;
 * a chunked body is counted as it arrives and refused the moment it passes the limit.
 */
export function enforceBodyLimit(c: Context, next: () => Promise<void>): Promise<Response | void> {
  if (!BODY_METHODS.has(c.req.method)) return next();
  return limiters.get(bodyLimitFor(new URL(c.req.url).pathname))!(c, next);
}
