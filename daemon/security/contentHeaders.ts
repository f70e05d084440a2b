// Nothing a page controls may run as script on the daemon's origin (issue 27 item 1a): a page that
// got the agent to open one of our URLs (a download's content, say) could otherwise call the API
// same-origin. Every answer under /api, /mcp and /compat carries nosniff and a CSP sandbox with no sources
// (a document rendered from it has an opaque origin and runs no script); binary answers are
// attachments unless they are an image the daemon itself encoded (screenshots).
import type { MiddlewareHandler } from 'hono';

export const SANDBOX_CSP = "sandbox; default-src 'none'";

/** Images abpd encodes itself (screenshots, history frames): safe to show inline. */
const OWN_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);

export function isOwnImageType(contentType: string): boolean {
  return OWN_IMAGE_TYPES.has(contentType.split(';')[0]!.trim().toLowerCase());
}

/** RFC 6266 header; the name is the page's, so only a plain ASCII fallback goes unquoted-safe. */
export function attachmentHeader(filename?: string): string {
  if (!filename) return 'attachment';
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Headers for a binary answer: `inline` only for images the daemon encoded. */
export function binaryHeaders(contentType: string, options: { inline?: boolean; filename?: string } = {}): Record<string, string> {
  // A page-chosen type that is not a plain media type (or would break the header) is sent as bytes.
  const type = /^[\w.+-]+\/[\w.+-]+(\s*;[\x20-\x7e]*)?$/.test(contentType) ? contentType : 'application/octet-stream';
  const inline = options.inline === true && isOwnImageType(type);
  return {
    'Content-Type': type,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': SANDBOX_CSP,
    ...(inline ? {} : { 'Content-Disposition': attachmentHeader(options.filename) }),
  };
}

/** Every API answer (JSON included: it echoes page text) gets nosniff and the sandbox CSP. */
export function contentHeadersMiddleware(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const path = new URL(c.req.url).pathname;
    if (!path.startsWith('/api/') && !path.startsWith('/mcp') && !path.startsWith('/compat/')) return;
    if (c.res.status === 101 || c.req.header('upgrade')) return; // a WebSocket handshake carries no document
    try {
      c.res.headers.set('X-Content-Type-Options', 'nosniff');
      if (!c.res.headers.has('Content-Security-Policy')) c.res.headers.set('Content-Security-Policy', SANDBOX_CSP);
    } catch {
      // Immutable headers (a fetched Response passed through): rebuild it with ours.
      const headers = new Headers(c.res.headers);
      headers.set('X-Content-Type-Options', 'nosniff');
      if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', SANDBOX_CSP);
      c.res = new Response(c.res.body, { status: c.res.status, statusText: c.res.statusText, headers });
    }
  };
}
