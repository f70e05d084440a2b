// Moving a storage state between a profile and a session's browser context (sessions.md §5):
// cookies (HttpOnly included) through Storage.get/setCookies on the context; localStorage per origin
// through a blank document of that origin that abpd answers itself (Fetch.fulfillRequest: no
// request reaches the site, no site script runs), since a storage area needs a frame there.
// IndexedDB and service workers are not kept.
import type { Protocol } from 'devtools-protocol';
import type { CdpSession } from '../../cdp/connection.ts';
import { fulfillDocuments } from '../../cdp/documentGate.ts';
import type { Tab } from '../tab.ts';
import type { StoredOrigin } from './profileStore.ts';
import type { Session } from './session.ts';

const LOAD_DEADLINE_MS = 5_000;

export function toCookieParam(c: Protocol.Network.Cookie): Protocol.Network.CookieParam {
  return {
    name: c.name, value: c.value, domain: c.domain, path: c.path, secure: c.secure, httpOnly: c.httpOnly,
    ...(c.sameSite ? { sameSite: c.sameSite } : {}), ...(c.session ? {} : { expires: c.expires }),
    priority: c.priority, sourceScheme: c.sourceScheme, sourcePort: c.sourcePort,
  };
}

export async function readCookies(session: Session): Promise<Protocol.Network.CookieParam[]> {
  const r = await session.browser.browserSession.send('Storage.getCookies', { browserContextId: session.contextId });
  return r.cookies.map(toCookieParam);
}

export async function writeCookies(session: Session, cookies: Protocol.Network.CookieParam[]): Promise<void> {
  if (cookies.length) await session.browser.browserSession.send('Storage.setCookies', { cookies, browserContextId: session.contextId });
}

async function openBlankAt(s: CdpSession, origin: string): Promise<boolean> {
  await s.send('Page.navigate', { url: `${origin}/` });
  const deadline = Date.now() + LOAD_DEADLINE_MS;
  while (Date.now() < deadline) {
    const r = await s.send('Runtime.evaluate', { expression: 'location.origin + "|" + document.readyState', returnByValue: true }).catch(() => null);
    if (r?.result.value === `${origin}|complete`) return true;
    await new Promise((res) => setTimeout(res, 50));
  }
  return false;
}

/** Runs `each` on a blank document of every origin in the tab, then leaves it at about:blank. */
async function visitOrigins<T>(tab: Tab, origins: string[], each: (s: CdpSession, origin: string) => Promise<T>): Promise<Map<string, T>> {
  const s = tab.page.session;
  const wanted = new Set(origins);
  const out = new Map<string, T>();
  fulfillDocuments(s, (url) => { try { return wanted.has(new URL(url).origin); } catch { return false; } });
  try {
    for (const origin of origins) if (await openBlankAt(s, origin)) out.set(origin, await each(s, origin));
  } finally {
    fulfillDocuments(s, null);
    await s.send('Page.navigate', { url: 'about:blank' }).catch(() => undefined);
    await s.send('Page.resetNavigationHistory').catch(() => undefined);
  }
  return out;
}

export async function seedLocalStorage(tab: Tab, origins: StoredOrigin[]): Promise<void> {
  const withItems = origins.filter((o) => o.local_storage.length > 0 && /^https?:\/\//.test(o.origin));
  if (!withItems.length) return;
  const items = new Map(withItems.map((o) => [o.origin, o.local_storage]));
  await visitOrigins(tab, [...items.keys()], (s, origin) => s.send('Runtime.evaluate', {
    expression: `for (const [k, v] of ${JSON.stringify(items.get(origin))}) localStorage.setItem(k, v)`,
  }));
}

export async function readLocalStorage(tab: Tab, origins: string[]): Promise<StoredOrigin[]> {
  const read = await visitOrigins(tab, origins.filter((o) => /^https?:\/\//.test(o)), async (s) => {
    const r = await s.send('Runtime.evaluate', { expression: 'JSON.stringify(Object.entries(localStorage))', returnByValue: true });
    return JSON.parse(String(r.result.value ?? '[]')) as [string, string][];
  });
  return [...read].filter(([, items]) => items.length > 0).map(([origin, local_storage]) => ({ origin, local_storage }));
}
