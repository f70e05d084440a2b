// Bodies, content types and response helpers for the fixture server (test/support/fixtureServer.ts).
import type { ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const pagesDir = fileURLToPath(new URL('../pages/', import.meta.url));

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
};

export function contentTypeFor(path: string): string {
  return contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** A valid 1×1 opaque PNG. */
export const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export type SyntheticType = 'css' | 'js' | 'json' | 'png' | 'html' | 'text';

/** `?type=` wins; otherwise the extension of the path's last segment; otherwise plain text. */
export function pickSyntheticType(url: URL): SyntheticType {
  const wanted = url.searchParams.get('type') ?? extname(url.pathname).slice(1).toLowerCase();
  switch (wanted) {
    case 'css':
    case 'js':
    case 'json':
    case 'png':
    case 'html':
      return wanted;
    case 'htm':
      return 'html';
    default:
      return 'text';
  }
}

/** A small valid body of the given type; `label` names the route in html/text bodies. */
export function syntheticBody(type: SyntheticType, url: URL, label: string): { contentType: string; body: Buffer } {
  switch (type) {
    case 'css':
      return { contentType: contentTypes['.css']!, body: Buffer.from(`/* ${label} */ .abpd-delayed-css { outline: 0; }\n`) };
    case 'js':
      return {
        contentType: contentTypes['.js']!,
        body: Buffer.from('window.__delayedScriptRan = (window.__delayedScriptRan || 0) + 1;\n'),
      };
    case 'json': {
      const text = url.searchParams.get('body');
      const value = text === null ? { ok: true, path: url.pathname, t: Date.now() } : { text };
      return { contentType: contentTypes['.json']!, body: Buffer.from(JSON.stringify(value)) };
    }
    case 'png':
      return { contentType: 'image/png', body: onePixelPng };
    case 'html':
      return { contentType: contentTypes['.html']!, body: Buffer.from(htmlPage(label, `<h1 id="result">${escapeHtml(label)}</h1>`)) };
    case 'text':
      return { contentType: contentTypes['.txt']!, body: Buffer.from(`${label}\n`) };
  }
}

export function escapeHtml(text: string): string {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  return text.replace(/[&<>"']/g, (c) => entities[c]!);
}

/** JSON that is safe inside an inline <script>. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A minimal page; the data: icon stops Chromium from requesting /favicon.ico (noise in hit counts and settle). */
export function htmlPage(title: string, body: string, script = ''): string {
  return (
    `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">` +
    `<title>${escapeHtml(title)}</title><style>body{margin:0;font:16px/1.4 sans-serif}</style></head>` +
    `<body>${body}${script ? `<script>${script}</script>` : ''}</body></html>`
  );
}

export function send(
  res: ServerResponse,
  status: number,
  contentType: string | null,
  body: Buffer | string | null,
  headers: Record<string, string> = {},
): void {
  const bytes = body === null ? null : typeof body === 'string' ? Buffer.from(body) : body;
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (contentType !== null) res.setHeader('Content-Type', contentType);
  if (bytes !== null) res.setHeader('Content-Length', String(bytes.length));
  res.end(bytes ?? undefined);
}

export function sendHtml(res: ServerResponse, status: number, title: string, body: string, script = ''): void {
  send(res, status, contentTypes['.html']!, htmlPage(title, body, script));
}

/** Resolves a request path under test/pages/; null when it escapes the folder or is not a file. */
export async function readPageFile(relative: string): Promise<{ contentType: string; body: Buffer } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return null; // malformed percent-encoding is a 404 like any unknown path
  }
  const full = resolve(pagesDir, `.${sep}${decoded}`);
  if (!full.startsWith(pagesDir)) return null;
  const info = await stat(full).catch(() => null);
  if (info === null || !info.isFile()) return null;
  return { contentType: contentTypeFor(full), body: await readFile(full) };
}
