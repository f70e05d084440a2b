// issue 27 item 1(b): abpd's own Chromium never loads abpd's own origin. A page there would be
// same-origin with the API (a browser-initiated navigation carries Sec-Fetch-Site: none, so Host and
// Origin checks pass) and could drive the whole daemon with fetch(). The viewer pages may be let
// through with --allow-self-view; /api/ and /mcp never are.
import { networkInterfaces } from 'node:os';
import type { Config } from '../config.ts';

const LOOPBACK_NAMES = new Set(['localhost', '::1', '0.0.0.0', '::']);

function localAddresses(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) out.add(a.address.toLowerCase());
  return out;
}

function isLocalHost(host: string, config: Pick<Config, 'host' | 'allowedHosts'>): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (LOOPBACK_NAMES.has(h) || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h)) return true;
  if (h === config.host.toLowerCase() || config.allowedHosts.some((a) => a.toLowerCase() === h)) return true;
  // Bound to every interface: any of this machine's addresses reaches the daemon.
  if (config.host === '0.0.0.0' || config.host === '::') return localAddresses().has(h);
  return false;
}

/** Why the URL must not load in abpd's browser, or null. `port` is the port abpd listens on. */
export function selfOriginReason(raw: string, port: number, config: Pick<Config, 'host' | 'allowedHosts' | 'allowSelfView'>): string | null {
  if (port <= 0) return null;
  let url: URL;
  try { url = new URL(raw); } catch { return null; }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const urlPort = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  if (urlPort !== port || !isLocalHost(url.hostname, config)) return null;
  const api = url.pathname.startsWith('/api/') || url.pathname === '/api' || url.pathname.startsWith('/mcp');
  if (config.allowSelfView && !api) return null;
  return "abpd's own origin";
}
