// status, stop and run against a real spawned daemon (real Chromium), systemd readiness through
// NOTIFY_SOCKET, and the token the client commands send (seen by a plain HTTP server).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer.ts';
import { cleanEnv, freePort, jsonLines, runCli, startCli, waitFor } from './cliSupport.ts';

// Chromium starts in a spawned CLI: generous deadlines on a shared, noisy machine.
const SLOW = 120_000;

const tmp = mkdtempSync(join(tmpdir(), 'abpd-daemon-'));
let fixtures: FixtureServer;
let port: number;
let daemon: ChildProcess | undefined;
let daemonStderr = '';
let notifier: ChildProcess | undefined;
let notified = '';
const hasPython = !spawnSync('python3', ['--version']).error;

// A unix datagram receiver for NOTIFY_SOCKET (Node cannot bind one). Prints every message.
const RECEIVER = `
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("bound", flush=True)
s.settimeout(120)
while True:
    print(s.recv(4096).decode().replace("\\n", "|"), flush=True)
`;

beforeAll(async () => {
  fixtures = await startFixtureServer();
  port = await freePort();
});

afterAll(async () => {
  daemon?.kill('SIGKILL');
  notifier?.kill('SIGKILL');
  await fixtures?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const connect = (): string[] => ['--port', String(port)];

describe('against a spawned daemon', () => {
  it('status before start: not running, exit 1', async () => {
    const r = await runCli(['status', ...connect()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^not running: no daemon answers at http:\/\/127\.0\.0\.1:\d+/);
  });

  it('start reports READY=1 on NOTIFY_SOCKET once it serves (Type=notify)', async (ctx) => {
    const socketPath = join(tmp, 'notify.sock');
    let env = cleanEnv();
    if (hasPython) {
      notifier = spawn('python3', ['-c', RECEIVER, socketPath], { stdio: ['ignore', 'pipe', 'inherit'] });
      notifier.stdout!.on('data', (d: Buffer) => { notified += d.toString(); });
      await waitFor('the notify receiver', () => (notified.includes('bound') ? true : undefined), 30_000);
      env = cleanEnv({ NOTIFY_SOCKET: socketPath });
    }
    daemon = startCli(['start', ...connect(), '--session-dir', join(tmp, 'session'), '--no-history'], { env });
    daemon.stderr!.on('data', (d: Buffer) => { daemonStderr += d.toString(); });
    if (!hasPython) {
      await waitFor('the daemon', async () => ((await runCli(['status', ...connect()])).code === 0 ? true : undefined), 60_000);
      ctx.skip(); // python3 is needed to receive on a unix datagram socket
      return;
    }
    await waitFor(`READY=1 (daemon log: ${daemonStderr})`, () => (notified.includes('READY=1') ? true : undefined), 60_000);
    expect(notified).toContain('STATUS=serving the ABP API');
    // Readiness means ready: the very next status call sees it.
    const r = await runCli(['status', ...connect()]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, SLOW);

  it('status: ready, exit 0; --json prints the daemon\'s answer; ABPD_PORT works too', async () => {
    const [human, json, viaEnv] = await Promise.all([
      runCli(['status', ...connect()]),
      runCli(['status', ...connect(), '--json']),
      runCli(['status'], { env: cleanEnv({ ABPD_PORT: String(port) }) }),
    ]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^ready: abpd at http://127\\.0\\.0\\.1:${port}, state ready, up \\d+ s`));
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ success: true, data: { ready: true, state: 'ready' } });
    expect(viaEnv.code).toBe(0);
  });

  it('run uses the running daemon and closes the tabs it opened', async () => {
    const before = await (await fetch(`http://127.0.0.1:${port}/api/v1/tabs`)).json() as unknown[];
    const r = await runCli(['run', 'examples/clicks-and-tabs.json', ...connect(), '--var', `BASE_URL=${fixtures.origin}`, '--var', `SHOTS=${join(tmp, 'shots')}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('starting one');
    const lines = jsonLines(r.stdout);
    expect(lines.at(-1)!.summary).toMatchObject({ steps: 10, passed: 10, failed: 0 });
    expect(existsSync(join(tmp, 'shots', 'static-after.png'))).toBe(true);
    const after = await (await fetch(`http://127.0.0.1:${port}/api/v1/tabs`)).json() as unknown[];
    expect(after.length).toBe(before.length);
  }, SLOW);

  it('stop: shuts down, the port closes, the process exits 0; then status says not running', async () => {
    const exited = new Promise<number | null>((resolve) => daemon!.once('exit', (code) => resolve(code)));
    const r = await runCli(['stop', ...connect()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`stopped abpd at http://127.0.0.1:${port}`);
    expect(await exited).toBe(0);
    daemon = undefined;
    const status = await runCli(['status', ...connect()]);
    expect(status.code).toBe(1);
    const again = await runCli(['stop', ...connect()]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('nothing to stop');
  }, SLOW);
});

describe('the token and the answers of something that is not ready', () => {
  it('status and stop send --auth-token / ABPD_AUTH_TOKEN; not ready is exit 3', async () => {
    const seen: { path: string; auth?: string }[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      seen.push({ path: `${req.method} ${req.url}`, auth: req.headers.authorization });
      res.setHeader('content-type', 'application/json');
      if (req.url === '/api/v1/browser/shutdown') { res.end('{"success":true}'); setTimeout(() => server.close(), 50); return; }
      res.end(JSON.stringify({ success: true, data: { ready: false, state: 'initializing' } }));
    });
    const fakePort = await freePort();
    await new Promise<void>((r) => server.listen(fakePort, '127.0.0.1', r));
    const status = await runCli(['status', '--port', String(fakePort), '--auth-token', 'flag-token']);
    expect(status.code).toBe(3);
    expect(status.stdout).toContain('not ready: abpd at');
    const stop = await runCli(['stop', '--port', String(fakePort)], { env: cleanEnv({ ABPD_AUTH_TOKEN: 'env-token' }) });
    expect(stop.code, stop.stderr).toBe(0);
    expect(seen.find((s) => s.path === 'GET /api/v1/browser/status')?.auth).toBe('Bearer flag-token');
    expect(seen.find((s) => s.path === 'POST /api/v1/browser/shutdown')?.auth).toBe('Bearer env-token');
  });
});
