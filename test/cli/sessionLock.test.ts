// One daemon per session directory (issue 23 item 1): a second `abpd start`, `abpd run` or `abpd mcp`
// that would start its own daemon on a directory a live daemon holds is refused, naming that daemon's
// pid and port, and the running daemon's Chromium is untouched. A lock left by a dead process is taken over.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireSessionLock, LOCK_FILE_NAME, SessionDirLocked } from '../../daemon/sessionLock.ts';
import { spawnDaemon, type SpawnedDaemon } from '../support/spawnDaemon.ts';
import { cleanEnv, freePort, runCli } from './cliSupport.ts';

const tmp = mkdtempSync(join(tmpdir(), 'abpd-lock-'));
const dir = join(tmp, 'session');
let first: SpawnedDaemon;
let chromeBefore: number;

beforeAll(async () => {
  first = await spawnDaemon({ sessionDir: dir });
  chromeBefore = first.chromePid();
}, 120_000);

afterAll(async () => {
  await first?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function expectRefusal(stderr: string): void {
  expect(stderr).toContain(`pid ${first.proc.pid}`);
  expect(stderr).toContain(`port ${first.port}`);
  expect(stderr).toMatch(/this process \(pid \d+\)/);
  expect(stderr).toContain('--session-dir');
}

describe('a locked session dir', () => {
  it('the lock file names the running daemon (pid + port)', () => {
    const info = JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8'));
    expect(info).toMatchObject({ pid: first.proc.pid, port: first.port });
  });

  it('abpd start on another port is refused (exit 1) naming the running daemon, whose browser keeps running', async () => {
    const port = await freePort();
    const r = await runCli(['start', '--port', String(port), '--session-dir', dir, '--no-history']);
    expect(r.code).toBe(1);
    expectRefusal(r.stderr);
    expect(r.stderr).not.toMatch(/listening/);
    expect(first.chromePid()).toBe(chromeBefore);
    const tabs = await first.api('GET', '/tabs');
    expect(tabs.status).toBe(200);
    expect(first.stderr()).not.toMatch(/Chromium went away|stale Chromium/);
  });

  it('abpd run that would start its own daemon is refused', async () => {
    const script = join(tmp, 'nav.json');
    writeFileSync(script, JSON.stringify({ steps: [{ navigate: { url: 'about:blank' } }] }));
    const r = await runCli(['run', script, '--port', String(await freePort()), '--session-dir', dir]);
    expect(r.code).toBe(1);
    expectRefusal(r.stderr);
  });

  it('abpd mcp that would start its own daemon is refused', async () => {
    const child = spawn(process.execPath, [join(process.cwd(), 'bin/abpd'), 'mcp', '--port', String(await freePort()), '--session-dir', dir], { env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const code = await new Promise<number | null>((r) => child.once('close', r));
    expect(code).toBe(1);
    expectRefusal(stderr);
    expect(first.chromePid()).toBe(chromeBefore);
  });
});

describe('the lock itself', () => {
  it('a lock left by a dead process is taken over; a second one in this process is refused', () => {
    const d = join(tmp, 'stale');
    const lock0 = acquireSessionLock(d);
    lock0.release();
    writeFileSync(join(d, LOCK_FILE_NAME), JSON.stringify({ pid: 2 ** 22 + 7, port: 9999 }));
    const lock = acquireSessionLock(d);
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
    expect(() => acquireSessionLock(d)).toThrow(SessionDirLocked);
    lock.release();
    expect(() => readFileSync(lock.file)).toThrow();
  });
});
