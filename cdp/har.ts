// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) from a tab's request log, for DevTools'
// Network panel "Import HAR" and replay tools. Requests still in flight are left out (HAR has no
// state for them); failed ones are entries with status 0, as Chrome exports them.
import type { RequestEntry, RequestLog } from './requestLog.ts';

export interface HarOptions { creatorVersion: string; pageTitle: string; bodies: boolean; maxBodyBytes: number }

const pairs = (headers: Record<string, string> | undefined) =>
  Object.entries(headers ?? {}).flatMap(([name, value]) => String(value).split('\n').map((v) => ({ name, value: v })));

function headerOf(headers: Record<string, string> | undefined, name: string): string | undefined {
  const found = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name);
  return found?.[1];
}

function httpVersion(protocol: string | undefined): string {
  if (!protocol) return 'HTTP/1.1';
  if (protocol === 'h2') return 'HTTP/2';
  if (protocol === 'h3') return 'HTTP/3';
  return protocol.toUpperCase();
}

function cookiesOf(header: string | undefined): { name: string; value: string }[] {
  if (!header) return [];
  return header.split(';').map((part) => part.trim()).filter(Boolean).map((part) => {
    const eq = part.indexOf('=');
    return eq < 0 ? { name: part, value: '' } : { name: part.slice(0, eq), value: part.slice(eq + 1) };
  });
}

function timings(e: RequestEntry) {
  const t = e.timing;
  const total = Math.max(t.total_ms ?? 0, 0);
  const send = t.send_ms ?? 0;
  const wait = t.wait_ms ?? Math.max((t.response_ms ?? total) - send, 0);
  const phases = { dns: t.dns_ms ?? -1, connect: t.connect_ms ?? -1, ssl: t.ssl_ms ?? -1 };
  const known = send + wait + Math.max(phases.dns, 0) + Math.max(phases.connect, 0);
  return { blocked: -1, ...phases, send, wait, receive: Math.max(Math.round((total - known) * 10) / 10, 0) };
}

async function entryOf(e: RequestEntry, log: RequestLog, options: HarOptions) {
  const url = new URL(e.url);
  const content: Record<string, unknown> = { size: e.sizes.body_bytes, mimeType: e.mime_type ?? 'x-unknown' };
  if (options.bodies && e.state === 'finished') {
    const body = await log.body(e.id, options.maxBodyBytes);
    if (!('unavailable' in body) && !body.truncated) {
      content.text = body.body;
      if (body.base64) content.encoding = 'base64';
    }
  }
  const t = timings(e);
  return {
    pageref: 'page_1',
    startedDateTime: new Date(e.started_at).toISOString(),
    time: Math.max(e.timing.total_ms ?? 0, 0),
    request: {
      method: e.method, url: e.url, httpVersion: httpVersion(e.protocol),
      cookies: cookiesOf(headerOf(e.request_headers, 'cookie')), headers: pairs(e.request_headers),
      queryString: [...url.searchParams.entries()].map(([name, value]) => ({ name, value })),
      headersSize: -1, bodySize: e.has_post_data ? -1 : 0,
    },
    response: {
      status: e.status, statusText: e.status_text, httpVersion: httpVersion(e.protocol),
      cookies: [], headers: pairs(e.response_headers), content,
      redirectURL: headerOf(e.response_headers, 'location') ?? '',
      headersSize: -1, bodySize: e.state === 'failed' ? -1 : Math.max(e.sizes.transfer_bytes, 0),
      ...(e.error ? { _error: e.error } : {}),
    },
    cache: {},
    timings: t,
    ...(e.remote_address ? { serverIPAddress: e.remote_address.replace(/:\d*$/, '') } : {}),
    _resourceType: e.type.toLowerCase(),
    ...(e.action ? { _abpd_action: e.action } : {}),
  };
}

export async function toHar(log: RequestLog, options: HarOptions) {
  const done = log.list().filter((e) => e.state !== 'pending' || e.status > 0);
  const entries = [];
  for (const e of done) entries.push(await entryOf(e, log, options));
  const first = done[0];
  return {
    log: {
      version: '1.2',
      creator: { name: 'abpd', version: options.creatorVersion },
      pages: first ? [{ startedDateTime: new Date(first.started_at).toISOString(), id: 'page_1', title: options.pageTitle, pageTimings: {} }] : [],
      entries,
    },
  };
}
