// Spawns the real `bin/abpd` as a child process on port 0 (the port is read from its log line) for
// tests that need a real process: signals, exit codes, listening sockets, Chromium's lifetime.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupMembers, isAlive, processesMentioning } from './procfs.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO_ROOT, 'bin', 'abpd');

export interface SpawnOptions {
  sessionDir?: string;
  args?: string[];
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  /** Return at once, without waiting for the port or readiness. */
  noWait?: boolean;
}

export interface SpawnedDaemon {
  proc: ChildProcess;
  port: number;
  base: string;
  sessionDir: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
  chromePid(): number;
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  waitReady(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function spawnDaemon(options: SpawnOptions = {}): Promise<SpawnedDaemon> {
  const sessionDir = options.sessionDir ?? join(mkdtempSync(join(tmpdir(), 'abpd-spawn-')), 'session');
  const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, 'start', '--port', '0', '--session-dir', sessionDir, '--no-history', ...(options.args ?? [])], {
    cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...options.env },
  });
  let stderr = '';
  proc.stderr!.setEncoding('utf8');
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  const listening = new Promise<number>((resolvePort, reject) => {
    proc.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      const m = /abpd listening on http:\/\/[^\s]+:(\d+)\/api\/v1/.exec(stderr);
      if (m) resolvePort(Number(m[1]));
    });
    void exited.then(({ code }) => reject(new Error(`abpd exited (${code}) before listening:\n${stderr}`)));
  });
  listening.catch(() => undefined);
  let port = 0;
  if (!options.noWait) {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`abpd did not listen within 30 s:\n${stderr}`)), 30_000); });
    try { port = await Promise.race([listening, deadline]); } catch (err) {
      proc.kill('SIGKILL'); // its Chromium follows when the pipe closes
      throw err;
    } finally { clearTimeout(timer); }
  }
  const base = `http://127.0.0.1:${port}/api/v1`;
  const daemon: SpawnedDaemon = {
    proc, port, base, sessionDir, exited,
    stderr: () => stderr,
    chromePid: () => Number(readFileSync(join(sessionDir, 'chromium-profile', 'abpd-chromium.pid'), 'utf8').trim()),
    async api(method, path, body, headers = {}) {
      const r = await fetch(base + path, {
        method, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(60_000),
      });
      const text = await r.text();
      let parsed: unknown = text;
      try { parsed = JSON.parse(text); } catch { /* not JSON: the caller sees the text */ }
      return { status: r.status, body: parsed as any };
    },
    async waitReady(timeoutMs = 30_000) {
      await waitFor(async () => {
        try { return (await daemon.api('GET', '/browser/status')).body?.data?.ready === true; } catch { return false; }
      }, timeoutMs, 'the daemon to be ready');
    },
    async close() {
      let chrome = 0;
      try { chrome = daemon.chromePid(); } catch { /* Chromium never started or already cleaned up */ }
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      for (const pid of [...(chrome ? groupMembers(chrome) : []), ...processesMentioning(sessionDir)]) {
        if (isAlive(pid)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone meanwhile */ }
      }
      if (!options.sessionDir) rmSync(dirname(sessionDir), { recursive: true, force: true });
    },
  };
  if (!options.noWait) {
    try { await daemon.waitReady(); } catch (err) { await daemon.close(); throw err; }
  }
  return daemon;
}
