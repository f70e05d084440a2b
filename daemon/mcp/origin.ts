// The MCP transport rule (Streamable HTTP, "Security Warning"): validate Origin, or a web page could
// drive the browser through a DNS-rebinding name that resolves to 127.0.0.1. /mcp checks it itself,
// so it stays safe even if the daemon's global Host/Origin middleware is absent or changes.

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** null when the request may proceed; otherwise why not. */
export function originProblem(origin: string | null, host: string | null, allowedOrigins: string[], allowedHosts: string[]): string | null {
  // Non-browser clients (MCP hosts, curl, the SDK) send no Origin; a page always does.
  if (origin === null) return null;
  if (allowedOrigins.includes(origin)) return null;
  let url: URL;
  try { url = new URL(origin); } catch {
    return `Origin "${origin.slice(0, 100)}" is not allowed to use /mcp.`;
  }
  // The daemon's own pages (same scheme-less host:port as the request) may call /mcp — but only under
  // a loopback or explicitly allowed name: a rebinding page is "same origin" under its own name.
  const trusted = LOOPBACK_NAMES.has(url.hostname) || allowedHosts.includes(url.hostname) || allowedHosts.includes(url.host);
  if (trusted && host !== null && url.host === host && url.protocol === 'http:') return null;
  return `Origin "${origin.slice(0, 100)}" is not allowed to use /mcp; start abpd with --allowed-origin ${origin.slice(0, 100)} to allow it.`;
}
