// The fixture server's route table: one entry per programmable route, matched in order.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readdir } from 'node:fs/promises';
import {
  escapeHtml,
  pagesDir,
  pickSyntheticType,
  readPageFile,
  scriptJson,
  send,
  sendHtml,
  syntheticBody,
} from './fixtureContent.ts';
import { parseRequestBody } from './fixtureEcho.ts';

/** What a route may use of the server: the gate registry and a timer that close() cancels. */
export interface RouteServices {
  /** Resolves when the gate is released (at once if already released); the callback is dropped if the client goes away. */
  waitForGate(name: string, res: ServerResponse, onRelease: () => void): void;
  /** setTimeout that is cancelled when the client disconnects or the server closes. */
  later(res: ServerResponse, ms: number, fn: () => void): void;
}

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  match: RegExpExecArray;
  services: RouteServices;
}

export interface Route {
  name: string;
  pattern: RegExp;
  handle(ctx: RouteContext): void | Promise<void>;
}

const maxDelayMs = 120_000;
const maxDownloadBytes = 256 * 1024 * 1024;
const downloadChunk = 64 * 1024;

export const routes: Route[] = [
  {
    name: 'index',
    pattern: /^\/$/,
    async handle({ res }) {
      const names = (await readdir(pagesDir)).filter((n) => n.endsWith('.html')).sort();
      const items = names.map((n) => `<li><a href="/pages/${escapeHtml(n)}">${escapeHtml(n)}</a></li>`).join('');
      sendHtml(res, 200, 'abpd fixtures', `<ul id="pages">${items}</ul>`);
    },
  },
  {
    name: 'favicon',
    pattern: /^\/favicon\.ico$/,
    handle({ res }) {
      send(res, 204, null, null);
    },
  },
  {
    name: 'pages',
    pattern: /^\/pages\/(.+)$/,
    async handle({ res, match }) {
      const file = await readPageFile(match[1]!);
      if (file === null) return notFound(res);
      send(res, 200, file.contentType, file.body);
    },
  },
  {
    name: 'delay',
    pattern: /^\/delay\/(\d+)(?:\/.*)?$/,
    handle({ res, url, match, services }) {
      const ms = Math.min(Number(match[1]), maxDelayMs);
      const { contentType, body } = syntheticBody(pickSyntheticType(url), url, `Delayed page ${match[1]}`);
      services.later(res, ms, () => send(res, 200, contentType, body));
    },
  },
  {
    name: 'gate',
    pattern: /^\/gate\/([^/]+)$/,
    handle({ res, url, match, services }) {
      const name = decodeURIComponent(match[1]!);
      services.waitForGate(name, res, () => {
        const type = pickSyntheticType(url);
        if (type === 'text' || type === 'json') {
          send(res, 200, 'application/json; charset=utf-8', JSON.stringify({ released: true }));
        } else {
          const { contentType, body } = syntheticBody(type, url, `Gate ${name}`);
          send(res, 200, contentType, body);
        }
      });
    },
  },
  {
    name: 'echo',
    pattern: /^\/echo$/,
    async handle({ req, res, url }) {
      const method = req.method ?? 'GET';
      const parsed = await parseRequestBody(req);
      const query = [...url.searchParams.entries()];
      const shown = method === 'GET' || method === 'HEAD' ? query : parsed.fields;
      const pairs = (list: [string, string][]) => list.map(([k, v]) => `${k}=${v}`).join('&');
      const line = shown.length > 0 ? `${method} ${pairs(shown)}` : method;
      const echo = { method, fields: Object.fromEntries(parsed.fields), query: Object.fromEntries(query), body: parsed.raw, files: parsed.files };
      sendHtml(
        res,
        200,
        'Echo',
        `<h1 id="result">${escapeHtml(line)}</h1><p id="method">${escapeHtml(method)}</p>` +
          `<p id="fields">${escapeHtml(pairs(parsed.fields))}</p><p id="query">${escapeHtml(pairs(query))}</p>` +
          `<pre id="body">${escapeHtml(parsed.raw)}</pre>`,
        `window.echo = ${scriptJson(echo)};`,
      );
    },
  },
  {
    name: 'download',
    pattern: /^\/download\/([^/]+)$/,
    handle({ res, url, services }) {
      const name = decodeURIComponent(url.pathname.slice('/download/'.length)).replace(/["\\\r\n]/g, '_');
      const size = Math.min(intParam(url, 'size', 1024), maxDownloadBytes);
      const chunkDelay = intParam(url, 'chunkDelay', 0);
      // ?type=application/pdf: the Content-Type a real server would send for the file.
      const type = /^[\w.+-]+\/[\w.+-]+$/.test(url.searchParams.get('type') ?? '') ? url.searchParams.get('type')! : 'application/octet-stream';
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Disposition': `attachment; filename="${name}"`,
        'Content-Length': String(size),
      });
      const pattern = Buffer.alloc(downloadChunk, 'abpd-download\n');
      let left = size;
      const pump = (): void => {
        while (left > 0) {
          const n = Math.min(left, downloadChunk);
          left -= n;
          const ok = res.write(n === downloadChunk ? pattern : pattern.subarray(0, n));
          if (left === 0) break;
          if (chunkDelay > 0) return services.later(res, chunkDelay, pump);
          if (!ok) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    },
  },
  {
    name: 'status',
    pattern: /^\/status\/(\d{3})$/,
    handle({ res, match }) {
      const code = Number(match[1]);
      if (code < 200 || code > 599) return send(res, 400, 'text/plain', `unsupported status ${code}\n`);
      if (code === 204 || code === 205 || code === 304) return send(res, code, null, null);
      sendHtml(res, code, `Status ${code}`, `<h1 id="status">Status ${code}</h1>`);
    },
  },
  {
    name: 'auth',
    pattern: /^\/auth$/,
    handle({ req, res, url }) {
      const expected = `${url.searchParams.get('user') ?? 'user'}:${url.searchParams.get('pass') ?? 'pass'}`;
      const header = req.headers.authorization ?? '';
      const given = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : null;
      if (given === expected) {
        const user = given.slice(0, given.indexOf(':'));
        return sendHtml(res, 200, 'Authenticated', `<h1 id="result">Authenticated ${escapeHtml(user)}</h1>`);
      }
      res.setHeader('WWW-Authenticate', 'Basic realm="abpd-test"');
      sendHtml(res, 401, 'Unauthorized', '<h1 id="result">Unauthorized</h1>');
    },
  },
  {
    name: 'redirect',
    pattern: /^\/redirect$/,
    handle({ res, url }) {
      const status = intParam(url, 'status', 302);
      const code = [301, 302, 303, 307, 308].includes(status) ? status : 302;
      send(res, code, 'text/plain', `redirecting\n`, { Location: url.searchParams.get('to') ?? '/pages/landing.html' });
    },
  },
];

export function notFound(res: ServerResponse): void {
  sendHtml(res, 404, 'Not found', '<h1 id="status">Not found</h1>');
}

function intParam(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name);
  const value = raw === null ? NaN : Number.parseInt(raw, 10);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}
