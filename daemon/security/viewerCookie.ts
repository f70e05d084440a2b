// Token mode and the viewer (issue 23 item 5): a browser cannot send `Authorization: Bearer`, so the
// viewer is opened once as `/?token=TOKEN`; that answers with a cookie and a redirect to `/` (the
// token leaves the address bar and the browser's history). The cookie is not the token: it is a
// random value of this daemon run, HttpOnly (page scripts cannot read it), SameSite=Strict (no other
// site's page can make the browser send it), and it opens only what the viewer uses: its page, GETs
// of /api/v1/history/*, /api/v1/tabs and the sessions' approvals, and the approve/deny buttons of a
// held approval (a person deciding in the viewer). Every action route still needs the bearer token.
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { tokenMatches } from './token.ts';

export const VIEWER_COOKIE = 'abpd_viewer';
export const VIEWER_PAGES = ['/', '/ui', '/ui/'];

const APPROVAL_DECISION = /^\/api\/v1\/sessions\/[^/]+\/approvals\/[^/]+\/(approve|deny)$/;
const APPROVALS_READ = /^\/api\/v1\/sessions\/[^/]+\/approvals(\/.*)?$/;

/** What the cookie may open: the viewer's page and the API calls it makes (daemon/history/viewer/). */
export function isViewerRead(method: string, path: string): boolean {
  if (method === 'POST') return APPROVAL_DECISION.test(path);
  if (method !== 'GET') return false;
  return VIEWER_PAGES.includes(path) || path === '/api/v1/tabs' || path.startsWith('/api/v1/history/')
    || path === '/api/v1/sessions' || APPROVALS_READ.test(path);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export interface ViewerAuth {
  /** `/?token=` with the right token: the redirect that sets the cookie; otherwise undefined. */
  exchange(c: Context, token: string): Response | undefined;
  /** The request carries this run's viewer cookie and asks for something the viewer reads. */
  allows(c: Context): boolean;
}

export function viewerAuth(): ViewerAuth {
  const secret = randomBytes(32).toString('base64url');
  return {
    exchange(c, token) {
      const path = new URL(c.req.url).pathname;
      const given = c.req.query('token');
      if (c.req.method !== 'GET' || !VIEWER_PAGES.includes(path) || given === undefined || !tokenMatches(given, token)) return undefined;
      return new Response(null, {
        status: 303,
        headers: {
          location: path,
          'set-cookie': `${VIEWER_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Strict`,
          'referrer-policy': 'no-referrer',
          'cache-control': 'no-store',
        },
      });
    },
    allows(c) {
      const value = cookieValue(c.req.header('cookie'), VIEWER_COOKIE);
      return value !== undefined && tokenMatches(value, secret) && isViewerRead(c.req.method, new URL(c.req.url).pathname);
    },
  };
}

/** The link to print at start: with the token when it goes to a person's terminal, else how to build it. */
export function viewerLink(base: string, token: string | undefined, reveal: boolean, tokenFile?: string): string {
  if (!token) return `${base}/`;
  if (reveal) return `${base}/?token=${encodeURIComponent(token)}`;
  return `${base}/?token=TOKEN (TOKEN: ${tokenFile ? `the content of ${tokenFile}` : 'the --auth-token value'}; open it once, a cookie keeps the viewer signed in)`;
}
