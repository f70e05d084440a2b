// The viewer: one self-contained HTML page at / and /ui (no build step, no network assets). Its
// sources live in viewer/ and are inlined once at start-up; the page talks to the JSON API only.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import type { Deps } from '../routes/types.ts';

function source(name: string): string {
  return readFileSync(new URL(`./viewer/${name}`, import.meta.url), 'utf8');
}

/** Classic scripts in this order share one global scope: state, the timeline, then the page. */
const SCRIPTS = ['common.js', 'timeline.js', 'viewer.js', 'approvals.js'];

function buildPage(): { html: string; csp: string } {
  const scripts = SCRIPTS.map(source);
  const style = source('viewer.css');
  const html = source('index.html')
    .replace('/*STYLE*/', () => style)
    .replace('/*SCRIPTS*/', () => scripts.map((s) => `<script>${s}</script>`).join('\n'));
  // Only these exact scripts may run: page-derived text the viewer shows (titles, URLs, params) can
  // never become script even if a rendering bug let markup through.
  const digest = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  const csp = [`default-src 'none'`, `script-src ${scripts.map(digest).join(' ')}`, `style-src ${digest(style)}`,
    `img-src 'self' blob:`, `connect-src 'self'`, `base-uri 'none'`, `form-action 'none'`, `frame-ancestors 'none'`].join('; ');
  return { html, csp };
}

export function installViewer(app: Hono, _deps: Deps): void {
  const page = buildPage();
  for (const path of ['/', '/ui', '/ui/']) {
    app.get(path, (c) => c.html(page.html, 200, {
      'Content-Security-Policy': page.csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    }));
  }
}
