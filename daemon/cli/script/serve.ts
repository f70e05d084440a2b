// `abpd run SCRIPT --serve DIR`: the pages a script visits, served on 127.0.0.1 for the run, so an
// example runs with one command and nothing else started (issue 23 item 3). Files under DIR only
// (no `..`, no symlink out), plus `/echo`, which answers a form's GET or POST with what it got, as
// one line `METHOD name=value&…` in <h1 id="result"> (what examples/form-submit.yaml checks).
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.gif': 'image/gif', '.ico': 'image/x-icon',
};
const MAX_FORM_BYTES = 1024 * 1024;

export interface SiteServer { origin: string; close(): Promise<void> }

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readForm(req: IncomingMessage): Promise<[string, string][]> {
  let body = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    body += chunk.toString('utf8');
    if (body.length > MAX_FORM_BYTES) break;
  }
  return [...new URLSearchParams(body).entries()];
}

async function echo(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  const fields = method === 'GET' || method === 'HEAD' ? [...url.searchParams.entries()] : await readForm(req);
  const pairs = fields.map(([k, v]) => `${k}=${v}`).join('&');
  const line = pairs ? `${method} ${pairs}` : method;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><meta charset="utf-8"><title>Echo</title><h1 id="result">${escapeHtml(line)}</h1>`);
}

export async function serveSite(dir: string, port = 0): Promise<SiteServer> {
  let root: string;
  try {
    root = realpathSync(resolve(dir));
    if (!statSync(root).isDirectory()) throw new Error('not a directory');
  } catch (err) {
    throw new Error(`--serve ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; give a directory of pages, e.g. --serve examples/site`);
  }
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/echo') { void echo(req, res, url).catch(() => res.destroy()); return; }
    const notFound = (): void => { res.writeHead(404, { 'content-type': 'text/plain' }); res.end(`not found: ${url.pathname}\n`); };
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, { allow: 'GET, HEAD' }); res.end(); return; }
    let file: string;
    try {
      file = realpathSync(join(root, decodeURIComponent(url.pathname)));
      if (statSync(file).isDirectory()) file = realpathSync(join(file, 'index.html'));
    } catch { notFound(); return; }
    if (file !== root && !file.startsWith(root + sep)) { notFound(); return; } // a link out of DIR
    res.writeHead(200, { 'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    if (req.method === 'HEAD') { res.end(); return; }
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', r); });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
