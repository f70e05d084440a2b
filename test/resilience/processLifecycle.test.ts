// The daemon as a process (operations.md "Launching Chromium", "Failures"): a client that hangs up
// mid-action leaves the tab paused and usable; SIGTERM, SIGINT, an uncaught exception and kill -9 of
// the daemon leave no Chromium behind; a Chromium left running on the session's profile is cleaned up
// at start. Real `bin/abpd` processes, real signals, /proc to look for survivors.
import { spawn } from 'node:child_process';
import { lstatSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer.ts';
import { groupMembers, isAlive, processesMentioning } from '../support/procfs.ts';
import { REPO_ROOT, spawnDaemon, waitFor, type SpawnedDaemon } from '../support/spawnDaemon.ts';

const CHROMIUM = process.env.ABPD_CHROME ?? '/usr/bin/chromium';
let fixtures: FixtureServer;
beforeAll(async () => { fixtures = await startFixtureServer(); });
afterAll(async () => { await fixtures?.close(); });

/** Nothing of this daemon's Chromium is left: its process group is empty and no process names the session. */
async function expectNoChromiumLeft(d: SpawnedDaemon, chromePid: number, timeoutMs: number): Promise<void> {
  await waitFor(() => groupMembers(chromePid).length === 0 && processesMentioning(d.sessionDir).length === 0, timeoutMs, 'Chromium to exit');
  expect(isAlive(chromePid)).toBe(false);
}

async function startedWithTab(options: Parameters<typeof spawnDaemon>[0] = {}): Promise<{ d: SpawnedDaemon; chromePid: number; tab: string }> {
  const d = await spawnDaemon(options);
  const chromePid = d.chromePid();
  expect(groupMembers(chromePid).length).toBeGreaterThan(0);
  const tab = (await d.api('GET', '/tabs')).body[0].id as string;
  const nav = await d.api('POST', `/tabs/${tab}/navigate`, { url: fixtures.url('/pages/click.html'), screenshot: { area: 'none' } });
  expect(nav.status).toBe(200);
  return { d, chromePid, tab };
}

describe('client disconnect, then SIGTERM', () => {
  it('a client that hangs up mid-action leaves the tab paused and usable', async () => {
    const { d, chromePid, tab } = await startedWithTab();
    try {
      const controller = new AbortController();
      const aborted = fetch(`${d.base}/tabs/${tab}/wait`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ms: 2_000, screenshot: { area: 'none' } }), signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 300);
      await expect(aborted).rejects.toThrow();

      const click = await d.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } });
      expect(click.status).toBe(200);
      expect(click.body.virtual_time.paused).toBe(true);
      const clicks = await d.api('POST', `/tabs/${tab}/execute`, { script: 'window.clicks', screenshot: { area: 'none' } });
      expect(clicks.body.result.value).toBe(1);
      expect((await d.api('GET', '/tabs')).body).toHaveLength(1);

      d.proc.kill('SIGTERM');
      const { code, signal } = await d.exited;
      expect(signal).toBeNull();
      expect(code).toBe(0);
      await expectNoChromiumLeft(d, chromePid, 15_000);
    } finally {
      await d.close();
    }
  });
});

describe('daemon exit leaves no Chromium', () => {
  it('SIGINT', async () => {
    const { d, chromePid } = await startedWithTab();
    try {
      d.proc.kill('SIGINT');
      expect((await d.exited).code).toBe(0);
      await expectNoChromiumLeft(d, chromePid, 15_000);
    } finally {
      await d.close();
    }
  });

  it('an uncaught exception', async () => {
    const { d, chromePid } = await startedWithTab({ nodeArgs: ['--import', join(REPO_ROOT, 'test/resilience/crashOnSignal.mjs')] });
    try {
      d.proc.kill('SIGUSR2');
      const { code } = await d.exited;
      expect(code).not.toBe(0);
      expect(d.stderr()).toContain('simulated uncaught crash');
      await expectNoChromiumLeft(d, chromePid, 15_000);
    } finally {
      await d.close();
    }
  });

  it('kill -9 of the daemon: Chromium exits by itself when the pipe closes', async () => {
    const { d, chromePid } = await startedWithTab();
    try {
      d.proc.kill('SIGKILL');
      expect((await d.exited).signal).toBe('SIGKILL');
      // No handler of ours ran: only the closed DevTools pipe can end Chromium here.
      await expectNoChromiumLeft(d, chromePid, 30_000);
    } finally {
      await d.close();
    }
  });
});

describe('stale Chromium on the session profile', () => {
  it('a Chromium started by hand on <session>/chromium-profile is killed at start, and the daemon works', async () => {
    const base = mkdtempSync(join(tmpdir(), 'abpd-stale-'));
    const sessionDir = join(base, 'session');
    const profile = join(sessionDir, 'chromium-profile');
    const args = ['--headless=new', `--user-data-dir=${profile}`, '--no-first-run', '--disable-gpu', 'about:blank'];
    if (process.getuid?.() === 0) args.unshift('--no-sandbox');
    const stale = spawn(CHROMIUM, args, { stdio: 'ignore', detached: true });
    let d: SpawnedDaemon | undefined;
    try {
      // SingletonLock is a symlink to `host-pid`, which existsSync would try to follow.
      await waitFor(() => lstatSync(join(profile, 'SingletonLock'), { throwIfNoEntry: false }) !== undefined, 20_000, 'the hand-started Chromium to lock its profile');
      expect(isAlive(stale.pid!)).toBe(true);

      d = await spawnDaemon({ sessionDir, args: ['--log-level', 'debug'] });
      expect(d.stderr()).toContain('killing a stale Chromium');
      await waitFor(() => !isAlive(stale.pid!), 10_000, 'the stale Chromium to die');
      expect(d.chromePid()).not.toBe(stale.pid);
      const tab = (await d.api('GET', '/tabs')).body[0].id as string;
      const nav = await d.api('POST', `/tabs/${tab}/navigate`, { url: fixtures.url('/pages/click.html'), screenshot: { area: 'none' } });
      expect(nav.status).toBe(200);
      expect((await d.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } })).status).toBe(200);
    } finally {
      await d?.close();
      try { process.kill(-stale.pid!, 'SIGKILL'); } catch { /* already gone: that is what the test wants */ }
      rmSync(base, { recursive: true, force: true });
    }
  });
});
