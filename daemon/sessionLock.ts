// One daemon per session directory. Two daemons on one directory share a Chromium profile: the second
// one's launcher kills the first one's Chromium as "stale" and every tab the first one's clients held
// is gone (issue 23 item 1). So a daemon takes `<session dir>/abpd.lock` (pid + port, JSON) before it
// starts anything, and a lock whose pid is no longer an abpd process is taken over (a kill -9 leaves one).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const LOCK_FILE_NAME = 'abpd.lock';

export interface LockInfo { pid: number; port: number | null; host?: string; started_at?: string }

/** The directory is owned by another live daemon: the message names it and says what to do. */
export class SessionDirLocked extends Error {
  override name = 'SessionDirLocked';
  constructor(readonly dir: string, readonly owner: LockInfo) {
    const where = owner.port ? `on port ${owner.port} (http://${owner.host ?? '127.0.0.1'}:${owner.port}/api/v1)` : 'without a port (an abpd run or abpd mcp of its own)';
    const use = owner.port ? `use that daemon (e.g. abpd status --port ${owner.port}, or --port ${owner.port} for abpd run/mcp), ` : '';
    super(`the session dir ${dir} is in use by the abpd daemon pid ${owner.pid} ${where}; this process (pid ${process.pid}) did not start. `
      + `Either ${use}stop it (abpd stop${owner.port ? ` --port ${owner.port}` : ''}), or pick another directory with --session-dir DIR (or ABPD_SESSION_DIR)`);
  }
}

/** The session dir cannot be created or written: said at once, never a hang. */
export class SessionDirUnusable extends Error { override name = 'SessionDirUnusable'; }

export interface SessionLock {
  readonly file: string;
  /** Records the port once the server listens (port 0 picks one). */
  setPort(port: number): void;
  release(): void;
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try { process.kill(pid, 0); } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
  // A reused pid is not our daemon: on Linux its command line says whether it runs node (abpd).
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /node|abpd|tsx|vitest/.test(cmdline);
  } catch { return true; } // no /proc (macOS): trust kill(0)
}

function readLock(file: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : undefined;
  } catch { return undefined; } // half-written or garbage: nobody can be named as owner, take it over
}

/**
 * mkdir -p, one level at a time: Node's `mkdirSync(..., {recursive: true})` never returns for a path
 * under /proc (measured on Node 20: it loops on ENOENT), which made `--session-dir /proc/x` hang.
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) mkdirSync(d);
}

/** Directories this process holds: a second daemon in one process (tests, embedders) is refused too. */
const held = new Set<string>();

export function acquireSessionLock(sessionDir: string, host?: string): SessionLock {
  const dir = resolve(sessionDir);
  if (held.has(dir)) throw new SessionDirLocked(dir, readLock(join(dir, LOCK_FILE_NAME)) ?? { pid: process.pid, port: null });
  try { makeDirs(dir); } catch (err) {
    throw new SessionDirUnusable(`--session-dir ${dir}: cannot create it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); pick a directory you can write, e.g. --session-dir ~/abpd-session`);
  }
  const file = join(dir, LOCK_FILE_NAME);
  const info: LockInfo = { pid: process.pid, port: null, host, started_at: new Date().toISOString() };
  const write = (flag: 'wx' | 'w'): void => writeFileSync(file, `${JSON.stringify(info)}\n`, { flag, mode: 0o644 });
  for (let attempt = 0; ; attempt += 1) {
    try { write('wx'); break; } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new SessionDirUnusable(`--session-dir ${dir}: cannot write ${LOCK_FILE_NAME} there (${code ?? (err as Error).message}); pick a directory you can write`);
      const owner = readLock(file);
      if (owner && owner.pid !== process.pid && alive(owner.pid)) throw new SessionDirLocked(dir, owner);
      // Stale (its daemon died) or our own: take it over. Two takers race on rm + wx; one wins.
      if (attempt > 2) throw new SessionDirUnusable(`--session-dir ${dir}: cannot take over the stale ${LOCK_FILE_NAME}`);
      rmSync(file, { force: true });
    }
  }
  held.add(dir);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    held.delete(dir);
    process.removeListener('exit', release);
    // Only our own lock: a successor may already hold the file.
    if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
  };
  process.once('exit', release);
  return {
    file,
    setPort(port) { info.port = port; if (!released) write('w'); },
    release,
  };
}

/** Who holds the directory, if anyone alive does (abpd status/stop find a daemon by its dir). */
export function lockOwner(sessionDir: string): LockInfo | undefined {
  const owner = readLock(join(resolve(sessionDir), LOCK_FILE_NAME));
  return owner && alive(owner.pid) ? owner : undefined;
}
