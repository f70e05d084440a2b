// Storage as DevTools shows it (issue 24 "Storage"): a session's cookies (its browser context's jar,
// HttpOnly included: list, set, delete) and a tab's localStorage/sessionStorage (read, clear).
// Cookies use the sessions' own readCookies/writeCookies (profileState.ts), the profile format.
import type { Protocol } from 'devtools-protocol';
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import { readCookies, writeCookies } from '../sessions/profileState.ts';
import { sessionsOf } from '../sessions/registry.ts';
import type { RouteDef } from './types.ts';

const cookieFilter = z.object({
  name: z.string().min(1).max(4096).optional(), domain: z.string().min(1).max(253).optional(),
}).loose();

const cookieRow = z.object({
  name: z.string().min(1).max(4096), value: z.string().max(4096),
  url: z.string().max(8192).url().optional().meta({ description: 'the cookie is set as this URL would get it (or give domain + path)' }),
  domain: z.string().min(1).max(253).optional(), path: z.string().max(1024).optional(),
  secure: z.boolean().optional(), http_only: z.boolean().optional(), same_site: z.enum(['Strict', 'Lax', 'None']).optional(),
  expires: z.number().min(0).max(253402300799).optional().meta({ description: 'epoch seconds; absent: a session cookie' }),
}).strict();
const setCookiesBody = z.object({ cookies: z.array(cookieRow).min(1).max(500) }).loose();

const storageQuery = z.object({ type: z.enum(['local', 'session']).optional() }).loose();

const matches = (c: Protocol.Network.CookieParam, f: z.infer<typeof cookieFilter>) =>
  (f.name === undefined || c.name === f.name) && (f.domain === undefined || (c.domain ?? '').replace(/^\./, '') === f.domain.replace(/^\./, ''));

const shown = (c: Protocol.Network.CookieParam) => ({
  name: c.name, value: c.value, domain: c.domain, path: c.path, secure: c.secure ?? false, http_only: c.httpOnly ?? false,
  ...(c.sameSite ? { same_site: c.sameSite } : {}), ...(c.expires !== undefined ? { expires: c.expires } : { session: true }),
});

// Runs in the page; reading or clearing a storage area runs no page code.
function storageOp(type: 'local' | 'session' | 'both', clear: boolean): unknown {
  const read = (s: Storage) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i)!, s.getItem(s.key(i)!)]));
  const out: Record<string, unknown> = { origin: location.origin };
  for (const [name, area] of [['local', localStorage], ['session', sessionStorage]] as const) {
    if (type !== 'both' && type !== name) continue;
    if (clear) area.clear(); else out[name] = read(area);
  }
  return out;
}

async function onPage(host: import('../browserHost.ts').BrowserHost, tabId: string, type: string | undefined, clear: boolean): Promise<unknown> {
  const tab = host.getTab(tabId);
  host.assertNoDialog(tab);
  const r = await tab.queue.run(() => tab.page.session.send('Runtime.evaluate', {
    expression: `(${storageOp.toString()})(${JSON.stringify(type ?? 'both')}, ${clear})`, returnByValue: true, silent: true,
  }, { timeoutMs: 10_000 }));
  if (r.exceptionDetails) throw new ApiError(409, 'STORAGE_UNAVAILABLE', `This page has no storage (${r.exceptionDetails.exception?.description?.split('\n')[0] ?? 'denied'}); navigate to an http(s) page first.`);
  return r.result.value;
}

export const storageRoutes: RouteDef[] = [
  {
    name: 'list_cookies', method: 'GET', path: '/sessions/:id/cookies', kind: 'query', query: cookieFilter,
    summary: "The session's cookies (every domain, HttpOnly included); filter by name and domain.",
    docs: { group: 'storage', answer: '{"cookies": [{"name", "value", "domain", "path", "secure", "http_only", "same_site"?, "expires" | "session"}]}' },
    async handle(req, { host }) {
      const session = sessionsOf(host).get(req.params.id!);
      const f = req.query as z.infer<typeof cookieFilter>;
      return { json: { cookies: (await readCookies(session)).filter((c) => matches(c, f)).map(shown) } };
    },
  },
  {
    name: 'set_cookies', method: 'POST', path: '/sessions/:id/cookies', kind: 'query', body: setCookiesBody,
    summary: 'Set cookies in the session (each with url, or domain and path).',
    docs: { group: 'storage', answer: '{"set": N}', example: { cookies: [{ name: 'theme', value: 'dark', url: 'https://example.com/' }] } },
    async handle(req, { host }) {
      const session = sessionsOf(host).get(req.params.id!);
      const rows = (req.body as z.infer<typeof setCookiesBody>).cookies;
      rows.forEach((c, i) => { if (!c.url && !c.domain) throw new ApiError(400, 'INVALID_PARAMS', `cookies[${i}]: give url, or domain (and path)`); });
      await writeCookies(session, rows.map((c) => ({
        name: c.name, value: c.value, ...(c.url ? { url: c.url } : {}), ...(c.domain ? { domain: c.domain } : {}), path: c.path ?? '/',
        ...(c.secure !== undefined ? { secure: c.secure } : {}), ...(c.http_only !== undefined ? { httpOnly: c.http_only } : {}),
        ...(c.same_site ? { sameSite: c.same_site } : {}), ...(c.expires !== undefined ? { expires: c.expires } : {}),
      })));
      return { json: { set: rows.length } };
    },
  },
  {
    name: 'delete_cookies', method: 'DELETE', path: '/sessions/:id/cookies', kind: 'query', query: cookieFilter,
    summary: "Delete the session's cookies matching name and/or domain (no filter: all of them).",
    docs: { group: 'storage', answer: '{"deleted": N}' },
    async handle(req, { host }) {
      const session = sessionsOf(host).get(req.params.id!);
      const f = req.query as z.infer<typeof cookieFilter>;
      const all = await readCookies(session);
      const keep = all.filter((c) => !matches(c, f));
      // The context's jar has no delete-by-filter: clear it and put back what stays.
      await session.browser.browserSession.send('Storage.clearCookies', { browserContextId: session.contextId });
      await writeCookies(session, keep);
      return { json: { deleted: all.length - keep.length } };
    },
  },
  {
    name: 'get_storage', method: 'GET', path: '/tabs/:id/storage', kind: 'query', query: storageQuery,
    summary: "The page's localStorage and sessionStorage (type=local or session for one) as key → value.",
    docs: { group: 'storage', answer: '{"origin", "local"?: {key: value}, "session"?: {key: value}}' },
    async handle(req, { host }) {
      return { json: await onPage(host, req.params.id!, (req.query as z.infer<typeof storageQuery>).type, false) };
    },
  },
  {
    name: 'clear_storage', method: 'DELETE', path: '/tabs/:id/storage', kind: 'query', query: storageQuery, records: 'clear_storage',
    summary: "Clear the page's localStorage and sessionStorage (type=local or session for one).",
    docs: { group: 'storage', answer: '{"origin", "cleared": true}' },
    async handle(req, { host }) {
      const done = await onPage(host, req.params.id!, (req.query as z.infer<typeof storageQuery>).type, true) as { origin: string };
      return { json: { origin: done.origin, cleared: true } };
    },
  },
];
