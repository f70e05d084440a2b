// A real `bin/abpd start --port 0` for the bench, with the daemon's *default* settings (history on),
// unlike test/support/spawnDaemon.ts which always passes --no-history. Real HTTP, real JSON.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupMembers, isAlive, processesMentioning } from '../test/support/procfs.ts';
import { REPO_ROOT } from '../test/support/spawnDaemon.ts';

const START_DEADLINE_MS = 30_000;
const STOP_DEADLINE_MS = 15_000;
const REQUEST_DEADLINE_MS = 60_000;
const STDERR_KEEP = 64 * 1024;
/** daemon/frames.ts logs this (at debug level) when a capture of a paused tab hung and it releases frames. */
const CAPTURE_NUDGE = /capture of tab \S+ (?:waits|is waiting) for a frame/;

export interface HttpAnswer { status: number; text: string; body: any }

export class AbpdProcess {
  readonly #proc: ChildProcess;
  readonly #root: string;
  readonly #sessionDir: string;
  #stderr = '';
  #partialLine = '';
  #captureNudges = 0;
  #base = '';
  readonly #exited: Promise<void>;

  private constructor(extraArgs: string[]) {
    this.#root = mkdtempSync(join(tmpdir(), 'abpd-bench-'));
    this.#sessionDir = join(this.#root, 'session');
    this.#proc = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'abpd'), 'start', '--port', '0', '--session-dir', this.#sessionDir, ...extraArgs], {
      cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.#proc.stderr!.setEncoding('utf8');
    this.#proc.stderr!.on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-STDERR_KEEP);
      const lines = (this.#partialLine + chunk).split('\n');
      this.#partialLine = lines.pop() ?? '';
      for (const line of lines) if (CAPTURE_NUDGE.test(line)) this.#captureNudges += 1;
    });
    this.#exited = new Promise((resolve) => this.#proc.once('exit', () => resolve()));
  }

  static async start(extraArgs: string[] = []): Promise<AbpdProcess> {
    const daemon = new AbpdProcess(extraArgs);
    try {
      await daemon.#waitListening();
      await daemon.#waitReady();
    } catch (err) {
      await daemon.close();
      throw err;
    }
    return daemon;
  }

  get sessionDir(): string { return this.#sessionDir; }
  /** Captures of a paused tab that hung until daemon/frames.ts let frames run (seen with --log-level debug only). */
  get captureNudges(): number { return this.#captureNudges; }
  stderrTail(): string { return this.#stderr.slice(-4000); }

  async api(method: string, path: string, body?: unknown): Promise<HttpAnswer> {
    const r = await fetch(this.#base + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_DEADLINE_MS),
    });
    const text = await r.text();
    let parsed: unknown = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON (an image or plain text): keep the text */ }
    return { status: r.status, text, body: parsed };
  }

  /** A binary answer (GET /tabs/{id}/screenshot). */
  async raw(method: string, path: string): Promise<{ status: number; bytes: Buffer }> {
    const r = await fetch(this.#base + path, { method, signal: AbortSignal.timeout(REQUEST_DEADLINE_MS) });
    return { status: r.status, bytes: Buffer.from(await r.arrayBuffer()) };
  }

  async #waitListening(): Promise<void> {
    const deadline = Date.now() + START_DEADLINE_MS;
    while (Date.now() < deadline) {
      const m = /abpd listening on (http:\/\/[^\s]+\/api\/v1)/.exec(this.#stderr);
      if (m) { this.#base = m[1]!; return; }
      if (this.#proc.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`abpd did not start listening within ${START_DEADLINE_MS / 1000} s:\n${this.stderrTail()}`);
  }

  async #waitReady(): Promise<void> {
    const deadline = Date.now() + START_DEADLINE_MS;
    while (Date.now() < deadline) {
      const r = await this.api('GET', '/browser/status').catch(() => undefined);
      if (r?.body?.data?.ready === true) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`abpd was not ready within ${START_DEADLINE_MS / 1000} s:\n${this.stderrTail()}`);
  }

  /** SIGTERM (the daemon closes Chromium), SIGKILL after a deadline, then nothing of this session may be left. */
  async close(): Promise<void> {
    let chrome = 0;
    try { chrome = Number(readFileSync(join(this.#sessionDir, 'chromium-profile', 'abpd-chromium.pid'), 'utf8').trim()); } catch { /* no pid file: Chromium never started or already gone */ }
    if (this.#proc.exitCode === null && this.#proc.signalCode === null) this.#proc.kill('SIGTERM');
    await Promise.race([this.#exited, new Promise((r) => setTimeout(r, STOP_DEADLINE_MS))]);
    if (this.#proc.exitCode === null && this.#proc.signalCode === null) this.#proc.kill('SIGKILL');
    for (const pid of [...(chrome ? groupMembers(chrome) : []), ...processesMentioning(this.#sessionDir)]) {
      if (isAlive(pid)) try { process.kill(pid, 'SIGKILL'); } catch { /* exited meanwhile */ }
    }
    rmSync(this.#root, { recursive: true, force: true });
  }

  /** For an exit handler: the bench is going down, the daemon must not outlive it. */
  killNow(): void {
    if (this.#proc.exitCode === null && this.#proc.signalCode === null) this.#proc.kill('SIGKILL');
  }
}
