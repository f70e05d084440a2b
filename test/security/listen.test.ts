// The rules that need a real listening daemon (`bin/abpd start --port 0`): Host with the real port,
// Origin over real HTTP, 413 on a declared Content-Length before any body byte is sent, header size,
// slow clients cut off, and the start-up refusal of a non-loopback bind without a token.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesMentioning } from '../support/procfs.ts';
import { spawnDaemon, type SpawnedDaemon } from '../support/spawnDaemon.ts';

/** Sends raw bytes and resolves with everything the server answered until it closed or went quiet. */
function rawExchange(port: number, request: string, options: { quietMs?: number; keepOpenMs?: number } = {}): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let text = '';
    let quiet: NodeJS.Timeout | undefined;
    const finish = (closed: boolean): void => { clearTimeout(quiet); socket.destroy(); resolve({ text, closed }); };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      clearTimeout(quiet);
      quiet = setTimeout(() => finish(false), options.quietMs ?? 500);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.write(request);
    if (options.keepOpenMs) setTimeout(() => finish(false), options.keepOpenMs);
  });
}

function statusOf(response: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
}

describe('a listening daemon', () => {
  let d: SpawnedDaemon;
  beforeAll(async () => { d = await spawnDaemon(); });
  afterAll(async () => { await d?.close(); });

  const get = (host: string, extra = ''): string => `GET /api/v1/tabs HTTP/1.1\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`;

  it('checks Host against the port the request really arrived on', async () => {
    expect(statusOf((await rawExchange(d.port, get(`127.0.0.1:${d.port}`))).text)).toBe(200);
    expect(statusOf((await rawExchange(d.port, get(`localhost:${d.port}`))).text)).toBe(200);
    expect(statusOf((await rawExchange(d.port, get('evil.example'))).text)).toBe(403);
    expect(statusOf((await rawExchange(d.port, get(`evil.example:${d.port}`))).text)).toBe(403);
    expect(statusOf((await rawExchange(d.port, get(`127.0.0.1:${d.port === 1 ? 2 : d.port - 1}`))).text)).toBe(403);
  });

  it('refuses a cross-site Origin over real HTTP and answers without CORS headers', async () => {
    const r = await rawExchange(d.port, get(`127.0.0.1:${d.port}`, 'Origin: http://evil.example\r\n'));
    expect(statusOf(r.text)).toBe(403);
    expect(r.text.toLowerCase()).not.toContain('access-control-');
  });

  it('answers 413 to a declared 100 MiB body before a single body byte is sent', async () => {
    const head = `POST /api/v1/tabs HTTP/1.1\r\nHost: 127.0.0.1:${d.port}\r\nContent-Type: application/json\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n`;
    const r = await rawExchange(d.port, head, { keepOpenMs: 10_000 });
    expect(statusOf(r.text)).toBe(413);
    expect(r.text).toContain('PAYLOAD_TOO_LARGE');
  });

  it('answers 413 to a chunked body once it passes 1 MiB', async () => {
    const chunk = 'a'.repeat(64 * 1024);
    let body = '';
    for (let i = 0; i < 20; i += 1) body += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
    const request = `POST /api/v1/tabs HTTP/1.1\r\nHost: 127.0.0.1:${d.port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${body}0\r\n\r\n`;
    const r = await rawExchange(d.port, request);
    expect(statusOf(r.text)).toBe(413);
  });

  it('refuses headers over 16 KiB with 431', async () => {
    const r = await rawExchange(d.port, get(`127.0.0.1:${d.port}`, `X-Pad: ${'p'.repeat(20 * 1024)}\r\n`));
    expect(statusOf(r.text)).toBe(431);
  });

  it('cuts off a client that trickles its headers (slowloris)', async () => {
    const socket = connect(d.port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => { text += c; });
    socket.on('error', () => undefined); // the server may reset the connection: that is the point
    const closed = new Promise<boolean>((r) => { socket.on('close', () => r(true)); setTimeout(() => r(false), 30_000); });
    socket.write(`GET /api/v1/tabs HTTP/1.1\r\nHost: 127.0.0.1:${d.port}\r\n`);
    // One header byte a second, for ever: only the server's headersTimeout can end this.
    const drip = setInterval(() => { if (!socket.destroyed) socket.write('X'); }, 1_000);
    const wasClosed = await closed;
    clearInterval(drip);
    socket.destroy();
    expect(wasClosed).toBe(true);
    expect(text === '' || statusOf(text) === 408).toBe(true);
    // And the daemon still serves everyone else.
    expect((await d.api('GET', '/browser/status')).status).toBe(200);
  }, 45_000);
});

describe('start-up refusal', () => {
  it('refuses --host 0.0.0.0 without --auth-token: exit 1, a message naming the fix, no Chromium', async () => {
    const d = await spawnDaemon({ args: ['--host', '0.0.0.0'], noWait: true });
    try {
      const { code } = await d.exited;
      expect(code).toBe(1);
      expect(d.stderr()).toMatch(/not a loopback address.*--auth-token/s);
      expect(d.stderr()).not.toMatch(/listening|chromium ready/);
      expect(processesMentioning(d.sessionDir)).toEqual([]);
    } finally {
      await d.close();
    }
  });
});
