// Issue 27 item 3: recording problems are visible and recoverable. A corrupt history.db at start is
// moved aside (status says so) and a new one records; a full disk (SQLite's SQLITE_FULL, forced with
// max_page_count) puts history into "failing" with a warning on every envelope, the actions the
// client got a 200 for are held in memory and all land once writes succeed; reads of a broken file
// answer 503 saying what happened.
import { existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync, closeSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHistoryDb } from '../../daemon/history/db.ts';
import { peekHistory } from '../../daemon/history/runtime.ts';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { waitFor } from '../support/spawnDaemon.ts';

let h: Harness | null = null;
let dir = '';
afterEach(async () => {
  await h?.close();
  h = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

const status = async (): Promise<any> => (await h!.api('GET', '/browser/status')).body.data;
const historyIds = async (): Promise<string[]> => (await h!.api('GET', '/history/actions?limit=500')).body.data.actions.map((a: any) => a.id);
/** A row bigger than a database page, so every insert needs a new page (and fails at max_page_count). */
const bigScript = `/* ${'x'.repeat(9000)} */ 1 + 1`;

async function startOn(sessionDir: string): Promise<Harness> {
  return startHarness({ history: true, sessionDir });
}

describe('a corrupt history.db at start', () => {
  it('a file that is not a database is moved aside; status says so; a new history records', async () => {
    dir = mkdtempSync(join(tmpdir(), 'abpd-corrupt-'));
    writeFileSync(join(dir, 'history.db'), Buffer.alloc(64 * 1024, 'garbage, not sqlite\n'));
    h = await startOn(dir);
    const s = await status();
    expect(s.history).toMatchObject({ state: 'ok', queued: 0, lost: 0, moved_aside: { path: expect.stringMatching(/history\.db\.corrupt-\d+$/), reason: expect.stringMatching(/SQLITE_NOTADB/) } });
    expect(existsSync(s.history.moved_aside.path)).toBe(true);
    const tab = await h.openTab('/pages/static.html');
    const r = await h.api('POST', `/tabs/${tab}/click`, { x: 10, y: 10, screenshot: { area: 'none' } });
    expect(r.status).toBe(200);
    expect(await historyIds()).toContain(r.body.action_id);
    const old = await h.api('GET', '/history/sessions/an-old-session');
    expect(old.status).toBe(404);
    expect(old.body.message).toMatch(/moved aside/);
  });

  it('a database with damaged pages fails the integrity check and is moved aside', async () => {
    dir = mkdtempSync(join(tmpdir(), 'abpd-corrupt-'));
    const db = openHistoryDb(join(dir, 'history.db'));
    const insert = db.prepare(`INSERT INTO events (session_id, event_type, timestamp, data) VALUES ('s', 'navigation', ?, ?)`);
    for (let i = 0; i < 400; i += 1) insert.run(i, 'y'.repeat(300));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    // Pages 3.. overwritten: the header still says SQLite, the b-trees are junk.
    const size = statSync(join(dir, 'history.db')).size;
    const fd = openSync(join(dir, 'history.db'), 'r+');
    writeSync(fd, Buffer.alloc(size - 8192, 0xa5), 0, size - 8192, 8192);
    closeSync(fd);
    h = await startOn(dir);
    const s = await status();
    expect(s.history.state).toBe('ok');
    expect(s.history.moved_aside?.reason).toMatch(/SQLITE_CORRUPT|integrity|malformed/i);
    expect(readdirSync(dir).some((n) => /^history\.db\.corrupt-\d+$/.test(n))).toBe(true);
    const tab = await h.openTab('/pages/static.html');
    expect(await historyIds()).not.toHaveLength(0);
    expect((await h.api('POST', `/tabs/${tab}/click`, { x: 5, y: 5, screenshot: { area: 'none' } })).status).toBe(200);
  });
});

describe('a full disk while recording', () => {
  it('failing → warnings on every envelope and status; every action with a 200 is recorded after recovery', async () => {
    dir = mkdtempSync(join(tmpdir(), 'abpd-full-'));
    h = await startOn(dir);
    const tab = await h.openTab('/pages/static.html');
    const runtime = peekHistory(h.daemon.deps)!;
    const first = await h.api('POST', `/tabs/${tab}/execute`, { script: bigScript, screenshot: { area: 'none' } });
    expect(first.body.warnings).toBeUndefined();
    // The disk is "full": the file may not grow by one page.
    runtime.db.pragma(`max_page_count = ${runtime.db.pragma('page_count', { simple: true })}`);
    const held: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const r = await h.api('POST', `/tabs/${tab}/execute`, { script: bigScript, screenshot: { area: 'none' } });
      expect(r.status).toBe(200);
      expect(r.body.warnings?.join('\n'), `action ${i}`).toMatch(/History is not being written since .*SQLITE_FULL.*held in memory/);
      held.push(r.body.action_id);
    }
    const failing = await status();
    expect(failing.ready).toBe(true);
    expect(failing.history).toMatchObject({ state: 'failing', since: expect.any(Number), error: expect.stringMatching(/SQLITE_FULL/), queued: 6, lost: 0 });
    // Reads still work meanwhile and show what did land.
    expect(await historyIds()).toContain(first.body.action_id);
    expect(await historyIds()).not.toContain(held[0]);

    // Space again: the retry timer writes the queue without waiting for another action.
    runtime.db.pragma('max_page_count = 1073741823');
    await waitFor(async () => (await status()).history.state === 'ok', 10_000, 'history to recover');
    expect((await status()).history).toMatchObject({ state: 'ok', queued: 0, lost: 0, recovered: 6 });
    const ids = await historyIds();
    for (const id of held) expect(ids).toContain(id);
    const next = await h.api('POST', `/tabs/${tab}/execute`, { script: '2', screenshot: { area: 'none' } });
    expect(next.body.warnings).toBeUndefined();
    // Order is kept: the held actions come before the next one.
    const order = (await h.api('GET', '/history/actions?limit=500&direction=forward')).body.data.actions.map((a: any) => a.id);
    expect(order.filter((id: string) => [...held, next.body.action_id].includes(id))).toEqual([...held, next.body.action_id]);
  });
});

describe('reads of a broken database', () => {
  it('answer 503 HISTORY_UNAVAILABLE saying what happened, never "a bug in abpd"', async () => {
    dir = mkdtempSync(join(tmpdir(), 'abpd-broken-'));
    h = await startOn(dir);
    const tab = await h.openTab('/pages/static.html');
    for (let i = 0; i < 5; i += 1) await h.api('POST', `/tabs/${tab}/execute`, { script: bigScript, screenshot: { area: 'none' } });
    const runtime = peekHistory(h.daemon.deps)!;
    runtime.db.pragma('wal_checkpoint(TRUNCATE)');
    runtime.db.pragma('cache_size = 0');
    // The file is damaged under the running daemon (a disk error, another program).
    const file = join(dir, 'history.db');
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(size - 4096, 0x5a), 0, size - 4096, 4096);
    closeSync(fd);
    const r = await h.api('GET', '/history/actions?limit=500');
    expect(r.status, JSON.stringify(r.body)).toBe(503);
    expect(r.body).toMatchObject({ success: false, error: 'HISTORY_UNAVAILABLE', message: expect.stringMatching(/cannot be read.*SQLITE_(CORRUPT|NOTADB)/) });
    expect(r.body.message).not.toMatch(/bug in abpd/);
    // Actions go on (recorded in memory, shown as failing) instead of failing the agent.
    const act = await h.api('POST', `/tabs/${tab}/execute`, { script: bigScript, screenshot: { area: 'none' } });
    expect(act.status).toBe(200);
  });
});

/** A real full disk needs a small filesystem: a tmpfs, when this runs as root (CI containers do). */
function mountTmpfs(): string | null {
  if (process.getuid?.() !== 0) return null;
  const mountpoint = mkdtempSync(join(tmpdir(), 'abpd-tmpfs-'));
  try { execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96m', 'tmpfs', mountpoint], { stdio: 'ignore' }); return mountpoint; } catch {
    rmSync(mountpoint, { recursive: true, force: true });
    return null;
  }
}

describe('a really full disk (tmpfs)', () => {
  it('ENOSPC: status failing with the actions held; all recorded once space is freed', async (ctx) => {
    const mountpoint = mountTmpfs();
    if (!mountpoint) { ctx.skip(); return; }
    try {
      h = await startOn(join(mountpoint, 'session'));
      const tab = await h.openTab('/pages/static.html');
      await h.api('POST', `/tabs/${tab}/execute`, { script: '1', screenshot: { area: 'none' } });
      // Fill the filesystem to the last byte.
      const filler = join(mountpoint, 'filler');
      const fd = openSync(filler, 'w');
      const chunk = Buffer.alloc(1024 * 1024, 1);
      try { for (;;) writeSync(fd, chunk); } catch { /* ENOSPC */ }
      try { for (;;) writeSync(fd, chunk.subarray(0, 512)); } catch { /* ENOSPC */ }
      closeSync(fd);
      const held: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        const r = await h.api('POST', `/tabs/${tab}/execute`, { script: bigScript, screenshot: { area: 'none' } });
        expect(r.status).toBe(200);
        held.push(r.body.action_id);
      }
      const failing = (await status()).history;
      expect(failing).toMatchObject({ state: 'failing', queued: expect.any(Number), lost: 0 });
      expect(failing.queued).toBeGreaterThan(0);
      rmSync(filler);
      await waitFor(async () => (await status()).history.state === 'ok', 10_000, 'history to recover');
      const ids = await historyIds();
      for (const id of held) expect(ids).toContain(id);
      await h.close();
      h = null;
    } finally {
      await h?.close();
      h = null;
      try { execFileSync('umount', ['-l', mountpoint], { stdio: 'ignore' }); } catch { /* left for the OS */ }
      rmSync(mountpoint, { recursive: true, force: true });
    }
  });
});
