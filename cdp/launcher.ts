// Launching Chromium as a child the daemon owns: its own profile, a pipe (dies with the daemon and is
// not reachable by other processes), its own process group (so we can kill every helper process),
// and a pid file so a stale Chromium left by a crashed daemon of the same session dir is cleaned up.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { PipeTransport } from './transport.ts';

export interface LaunchOptions {
  executable: string;
  profileDir: string;      // --user-data-dir, under the session dir
  tmpDir: string;          // TMPDIR for Chromium's singleton files
  headed: boolean;
  windowSize: { width: number; height: number };
  extraArgs?: string[];
  log: (line: string) => void;
}

export interface LaunchedChrome {
  process: ChildProcess;
  transport: PipeTransport;
  /** Kill the whole process group now (idempotent). */
  kill(): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function chromeArgs(options: LaunchOptions): string[] {
  const args = [
    '--remote-debugging-pipe',
    `--user-data-dir=${options.profileDir}`,
    '--no-startup-window',
    `--window-size=${options.windowSize.width},${options.windowSize.height}`,
    // Quiet in a closed network: no background fetches that fail or slow start-up.
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', '--no-default-browser-check', '--disable-quic', '--disable-breakpad',
    '--disable-domain-reliability', '--metrics-recording-only', '--password-store=basic',
    '--use-mock-keychain', '--mute-audio', '--hide-scrollbars',
    // Every tab must keep rendering and running timers even when it is not the focused window.
    '--disable-renderer-backgrounding', '--disable-background-timer-throttling',
    '--disable-backgrounding-occluded-windows', '--disable-ipc-flooding-protection',
    '--disable-hang-monitor', '--disable-popup-blocking', '--disable-prompt-on-repost',
    // Wheel and key scrolls land in one jump instead of an animation: a scroll's after-frame and
    // scroll position are final as soon as it lands (cdp/scrollLanding.ts), on any machine.
    '--disable-smooth-scrolling',
    '--disable-features=Translate,MediaRouter,OptimizationHints,AcceptCHFrame,DialMediaRouteProvider',
    // Page.captureScreenshot from a fresh surface copy: a capture of a paused tab drops from ~50 ms to
    // ~16 ms once warm (measured on Chromium 156, bench/captureProbe.ts; Playwright enables it too).
    '--enable-features=CDPScreenshotNewSurface',
  ];
  if (!options.headed) args.push('--headless=new');
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  args.push(...(options.extraArgs ?? []));
  return args;
}

export function launchChrome(options: LaunchOptions): LaunchedChrome {
  mkdirSync(options.profileDir, { recursive: true });
  mkdirSync(options.tmpDir, { recursive: true });
  const pidFile = join(options.profileDir, 'abpd-chromium.pid');
  killStaleChrome(pidFile, options.log);
  const child = spawn(options.executable, chromeArgs(options), {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    detached: true, // own process group: kill(-pid) reaches the zygote, renderers and GPU process
    env: { ...process.env, TMPDIR: options.tmpDir },
  });
  const stderr = child.stdio[2] as Readable;
  stderr.setEncoding('utf8');
  stderr.on('data', (text: string) => {
    for (const line of text.split('\n')) if (line.trim() && !isNoise(line)) options.log(`chromium: ${line.trim()}`);
  });
  const transport = new PipeTransport(child.stdio[3] as Writable, child.stdio[4] as Readable);
  if (child.pid) writeFileSync(pidFile, String(child.pid));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => { rmSync(pidFile, { force: true }); resolve({ code, signal }); });
    child.once('error', (err) => { options.log(`chromium failed to start: ${err.message}`); resolve({ code: -1, signal: null }); });
  });
  let killed = false;
  const kill = (): void => {
    if (killed || !child.pid) return;
    killed = true;
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* the group is already gone */ }
  };
  return { process: child, transport, kill, exited };
}

// Chromium's stderr is chatty; these lines say nothing a user can act on.
function isNoise(line: string): boolean {
  return /dev-shm|unexpected operator|DevTools listening|dbus|Fontconfig|sandbox|ALSA|crashpad|GPU process|gles|viz_main|ERROR:net|ERROR:gcm|ERROR:registration|ERROR:google_apis/i.test(line);
}

/**
 * A Chromium still running on this profile is a leftover: named by our pid file (a crashed daemon),
 * or by Chromium's own SingletonLock (`host-pid`, e.g. one started by hand). Left alive, it would take
 * the new launch over through the process singleton. Only a process whose command line has this
 * exact --user-data-dir is killed.
 */
function killStaleChrome(pidFile: string, log: (line: string) => void): void {
  const profileDir = dirname(pidFile);
  const candidates = new Set<number>();
  try { candidates.add(Number(readFileSync(pidFile, 'utf8').trim())); } catch { /* no pid file: no earlier run of ours */ }
  try {
    const lock = /-(\d+)$/.exec(readlinkSync(join(profileDir, 'SingletonLock')));
    if (lock) candidates.add(Number(lock[1]));
  } catch { /* no lock: no Chromium has this profile open */ }
  const profileArg = `--user-data-dir=${profileDir}`;
  for (const pid of candidates) {
    if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) continue;
    let args: string[] = [];
    try { args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'); } catch { /* not running, or not Linux */ }
    if (!args.includes(profileArg)) continue;
    log(`killing a stale Chromium (pid ${pid}) left by an earlier run of this session dir`);
    try { process.kill(-pid, 'SIGKILL'); } catch { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
  }
  rmSync(pidFile, { force: true });
  for (const lock of ['SingletonLock', 'SingletonSocket', 'SingletonCookie']) {
    rmSync(join(profileDir, lock), { force: true });
  }
}
