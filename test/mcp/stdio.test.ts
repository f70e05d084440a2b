// `abpd mcp` over stdio, spawned as an MCP host would (the SDK's StdioClientTransport): the first
// one starts its own daemon (port 0), a second one finds that daemon on its port and serves the same
// browser over HTTP. stdout must carry nothing but JSON-RPC (any stray line breaks the client).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer.ts';
import { call, imagesOf, jsonOf, textOf } from './mcpClient.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'abpd');

interface Spawned { client: Client; transport: StdioClientTransport; stderr: () => string; errors: Error[] }

async function spawnMcp(args: string[]): Promise<Spawned> {
  const transport = new StdioClientTransport({
    command: process.execPath, args: [BIN, 'mcp', ...args], stderr: 'pipe',
    env: { ...process.env, ABPD_LOG_LEVEL: 'info' } as Record<string, string>,
  });
  let log = '';
  (transport.stderr as PassThrough).on('data', (chunk: Buffer) => { log += chunk.toString(); });
  const client = new Client({ name: 'abpd-stdio-test', version: '1.0.0' });
  const errors: Error[] = [];
  client.onerror = (err) => { errors.push(err); };
  await client.connect(transport);
  return { client, transport, stderr: () => log, errors };
}

/** Chromium processes whose command line names this session dir. */
function chromiumOf(sessionDir: string): number[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((pid) => {
    let argv: string[];
    try { argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'); } catch { return false; } // it ended while we looked
    return /chrom/i.test(argv[0] ?? '') && argv.some((a) => a.includes(sessionDir));
  }).map(Number);
}

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let fixtures: FixtureServer;
let sessionDir: string;
let first: Spawned;
let port = 0;
beforeAll(async () => {
  fixtures = await startFixtureServer();
  sessionDir = mkdtempSync(join(tmpdir(), 'abpd-mcp-stdio-'));
  first = await spawnMcp(['--port', '0', '--session-dir', sessionDir, '--no-history']);
  const m = /abpd listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(first.stderr());
  port = Number(m?.[1]);
});
afterAll(async () => {
  await first?.client.close();
  await fixtures?.close();
  rmSync(sessionDir, { recursive: true, force: true });
});

describe('abpd mcp (stdio), own daemon', () => {
  it('initializes as abpd and lists the tools', async () => {
    expect(first.client.getServerVersion()).toMatchObject({ name: 'abpd' });
    const { tools } = await first.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['browser_action', 'browser_navigate', 'browser_screenshot', 'browser_tabs']));
    expect(first.stderr()).toContain('no daemon at');
    expect(port).toBeGreaterThan(0);
  });

  it('navigates, clicks, types and takes a marked-up screenshot', async () => {
    const opened = await call(first.client, 'browser_tabs', { action: 'new', url: fixtures.url('/pages/click.html') });
    expect(opened.isError, textOf(opened)).toBeFalsy();
    const clicked = await call(first.client, 'browser_action', { actions: [
      { type: 'mouse_click', x: 100, y: 100 }, { type: 'mouse_click', x: 150, y: 195 }, { type: 'keyboard_type', text: 'via stdio' },
    ] });
    expect(clicked.isError, textOf(clicked)).toBeFalsy();
    const state = await call(first.client, 'browser_javascript', { expression: "[window.clicks, document.getElementById('text').value]" });
    expect(jsonOf(state).result.value).toEqual([1, 'via stdio']);
    const shot = await call(first.client, 'browser_screenshot', { markup: ['clickable', 'typeable', 'grid'] });
    const [image] = imagesOf(shot);
    expect(await sharp(Buffer.from(image!.data, 'base64')).metadata()).toMatchObject({ format: 'webp', width: 1280, height: 800 });
    expect(jsonOf(shot).screenshot.marked_elements.length).toBeGreaterThan(0);
  });

  it('a failing call comes back as isError with the message', async () => {
    const r = await call(first.client, 'browser_navigate', { tab_id: 'NO-SUCH-TAB', url: fixtures.url('/pages/static.html') });
    expect(r.isError).toBe(true);
    expect(jsonOf(r)).toMatchObject({ code: 'TAB_NOT_FOUND', error: expect.stringContaining('NO-SUCH-TAB') });
  });
});

describe('abpd mcp (stdio), a running daemon', () => {
  it('serves the daemon that answers on --port: same browser, same tabs', async () => {
    const second = await spawnMcp(['--port', String(port), '--session-dir', join(sessionDir, 'unused')]);
    try {
      expect(second.stderr()).toContain(`serving the daemon at http://127.0.0.1:${port}`);
      const r = await call(second.client, 'browser_javascript', { expression: 'window.clicks' });
      expect(jsonOf(r).result.value).toBe(1);
      const shot = await call(second.client, 'browser_screenshot', {});
      expect(imagesOf(shot)).toHaveLength(1);
    } finally {
      await second.client.close();
    }
    // Closing the second client leaves the first one's daemon running.
    const status = await call(first.client, 'browser_get_status');
    expect(jsonOf(status).data).toMatchObject({ ready: true });
    expect(second.errors).toEqual([]);
  });

  it('stdout carried only JSON-RPC, and closing stdin stops the daemon and its Chromium', async () => {
    expect(first.errors).toEqual([]);
    expect(chromiumOf(sessionDir).length).toBeGreaterThan(0);
    await first.client.close();
    await until('Chromium of the session to exit', () => chromiumOf(sessionDir).length === 0);
    expect(first.stderr()).toContain('stdin closed; exiting');
  });
});
