// Which Host and Origin headers the daemon answers. The threat (operations.md "Security") is a web
// page in any browser on this machine: DNS rebinding gives it our address under *its* name (the Host
// check stops that), and "simple" cross-site requests carry its Origin (the Origin check stops that).

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD_BINDS = new Set(['0.0.0.0', '::', '[::]', '']);

export interface HostPolicy {
  /** Lower-case names (`name`) or exact `name:port` pairs that may appear in Host. */
  names: Set<string>;
  /** The port the request arrived on; null = any (in-process requests of a `--port 0` daemon). */
  port: number | null;
}

/** True for addresses that only this machine can reach. */
export function isLoopbackAddress(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/** Loopback names, the bind address (unless it is a wildcard) and `--allowed-host` entries. */
export function allowedHostNames(bindHost: string, extra: string[]): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  const bind = bindHost.trim().toLowerCase();
  if (!WILDCARD_BINDS.has(bind)) names.add(bind.includes(':') && !bind.startsWith('[') ? `[${bind}]` : bind);
  for (const entry of extra) if (entry.trim()) names.add(entry.trim().toLowerCase());
  return names;
}

/** Splits a Host header into name and port (80 when absent, as HTTP says). Null when malformed. */
export function parseHostHeader(value: string): { name: string; port: number } | null {
  const m = /^(\[[0-9a-f:.]+\]|[^:\[\]]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!m) return null;
  const port = m[2] === undefined ? 80 : Number(m[2]);
  if (port < 1 || port > 65_535) return null;
  return { name: m[1]!.toLowerCase(), port };
}

export function hostAllowed(value: string | undefined, policy: HostPolicy): boolean {
  if (!value) return false;
  const parsed = parseHostHeader(value);
  if (!parsed) return false;
  if (policy.names.has(`${parsed.name}:${parsed.port}`)) return true;
  if (!policy.names.has(parsed.name)) return false;
  return policy.port === null || policy.port === parsed.port;
}

function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}

/**
 * No Origin (curl, SDKs, MCP clients): fine. Otherwise it must be listed, or be the daemon's own
 * origin (`http://` + the Host that already passed the Host check) for the built-in viewer.
 * `null` (sandboxed frames, file: pages) is never allowed.
 */
export function originAllowed(origin: string | undefined, host: string, allowed: string[]): boolean {
  if (origin === undefined) return true;
  const o = normalizeOrigin(origin);
  if (o === `http://${host.trim().toLowerCase()}`) return true;
  return allowed.some((a) => normalizeOrigin(a) === o);
}

/**
 * Browsers label every request with Sec-Fetch-Site; `<img>`/`<script>`/navigation GETs from another
 * site carry no Origin, so this header is what tells them apart from a curl or the viewer.
 */
export function fetchSiteAllowed(secFetchSite: string | undefined, hasAllowedOrigin: boolean): boolean {
  if (secFetchSite === undefined || hasAllowedOrigin) return true;
  const site = secFetchSite.toLowerCase();
  return site !== 'cross-site' && site !== 'same-site';
}
