// Recording: every action and tab command becomes a row in history.db with ABP's columns, its
// screenshots become files, its events rows with its id; the session row closes on clean shutdown.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peekHistory } from '../../daemon/history/runtime.ts';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
let db: Database.Database;
beforeAll(async () => {
  h = await startHarness({ history: true });
  // An external reader while the daemon writes (WAL): what ABP's viewer and abp-debug do.
  db = new Database(join(h.sessionDir, 'history.db'), { readonly: true, fileMustExist: true });
});
afterAll(async () => { db?.close(); await h?.close(); });

const row = (id: string) => db.prepare('SELECT * FROM actions WHERE id = ?').get(id) as Record<string, any> | undefined;
const flush = () => peekHistory(h.daemon.deps)!.recorder.flush();
const isWebp = (b: Buffer) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP';

describe('history recording', () => {
  it('creates the ABP schema in WAL mode', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const columns = (table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns('sessions')).toEqual(['id', 'start_time', 'end_time', 'browser_version', 'user_agent']);
    expect(columns('actions')).toEqual(['id', 'session_id', 'tab_id', 'action_type', 'timestamp', 'duration_ms', 'params',
      'result', 'success', 'error_code', 'error_message', 'screenshot_before_path', 'screenshot_after_path']);
    expect(columns('events')).toEqual(['id', 'session_id', 'tab_id', 'action_id', 'event_type', 'timestamp', 'data']);
    for (const dir of ['screenshots', 'downloads', 'uploads']) expect(existsSync(join(h.sessionDir, dir))).toBe(true);
  });

  it('records a click: columns, timing, and the envelope\'s WebP frames as files', async () => {
    const tab = await h.openTab('/pages/static.html');
    const before = Date.now();
    const r = await h.api('POST', `/tabs/${tab}/click`, { x: 160, y: 120 });
    expect(r.status).toBe(200);
    expect(r.body.screenshot_before && r.body.screenshot_after, 'the envelope carries both frames').toBeTruthy();
    const rec = row(r.body.action_id)!;
    expect(rec).toBeDefined();
    const session = db.prepare('SELECT * FROM sessions WHERE end_time IS NULL').get() as Record<string, any>;
    expect(rec.session_id).toBe(session.id);
    expect(session.browser_version).toMatch(/Chrome\//);
    expect(rec).toMatchObject({ tab_id: tab, action_type: 'click', success: 1, error_code: null, error_message: null });
    expect(JSON.parse(rec.params)).toEqual({ x: 160, y: 120 });
    expect(JSON.parse(rec.result)).toEqual(r.body.result);
    expect(rec.timestamp).toBeGreaterThanOrEqual(before - 5);
    expect(rec.duration_ms).toBeGreaterThanOrEqual(r.body.timing.duration_ms);
    expect(rec.screenshot_before_path).toBe(join(h.sessionDir, 'screenshots', `${rec.timestamp}_${tab}_before.webp`));
    expect(rec.screenshot_after_path).toBe(join(h.sessionDir, 'screenshots', `${rec.timestamp}_${tab}_after.webp`));
    await flush();
    const beforeFile = readFileSync(rec.screenshot_before_path);
    const afterFile = readFileSync(rec.screenshot_after_path);
    expect(isWebp(beforeFile) && isWebp(afterFile)).toBe(true);
    expect(beforeFile.equals(Buffer.from(r.body.screenshot_before.data, 'base64'))).toBe(true);
    expect(afterFile.equals(Buffer.from(r.body.screenshot_after.data, 'base64'))).toBe(true);
  });

  it('records events with the id of the action that reported them', async () => {
    const tab = await h.openTab('/pages/navigate.html');
    const r = await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } });
    expect(r.status).toBe(200);
    const events = db.prepare('SELECT * FROM events WHERE action_id = ?').all(r.body.action_id) as Array<Record<string, any>>;
    expect(events.length).toBe(r.body.events.length);
    const nav = events.find((e) => e.event_type === 'navigation' && JSON.parse(e.data).url.endsWith('/pages/landing.html'));
    expect(nav).toBeDefined();
    expect(nav!.tab_id).toBe(tab);
    expect(Math.abs(nav!.timestamp - Date.now())).toBeLessThan(120_000);
    // screenshot.area none: no frames, so no files and no paths.
    expect(row(r.body.action_id)).toMatchObject({ screenshot_before_path: null, screenshot_after_path: null });
  });

  it('records a failed action with its error code and message', async () => {
    const tab = await h.openTab();
    const r = await h.api('POST', `/tabs/${tab}/back`, {});
    expect(r.status).toBe(409);
    expect(r.body.action_id).toBeTruthy();
    expect(row(r.body.action_id)).toMatchObject({ action_type: 'back', success: 0, error_code: 'CANNOT_GO_BACK', tab_id: tab });
    expect(row(r.body.action_id)!.error_message).toMatch(/Cannot go back/);
  });

  it('keeps a PNG frame as PNG and says so in the file name', async () => {
    const tab = await h.openTab('/pages/static.html');
    const r = await h.api('POST', `/tabs/${tab}/screenshot`, { screenshot: { format: 'png' } });
    expect(r.status).toBe(200);
    const rec = row(r.body.action_id)!;
    expect(rec.screenshot_after_path).toMatch(/_after\.png$/);
    await flush();
    const file = readFileSync(rec.screenshot_after_path);
    expect(file.subarray(1, 4).toString('latin1')).toBe('PNG');
    const served = await h.api('GET', `/history/actions/${r.body.action_id}/screenshot`);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.compare(served.body, file)).toBe(0);
  });

  it('records tab commands (create, activate, stop, close) with their own ids and results', async () => {
    const since = Date.now() - 5;
    const created = await h.api('POST', '/tabs', {});
    const id = created.body.id as string;
    expect((await h.api('POST', `/tabs/${id}/activate`, {})).status).toBe(200);
    expect((await h.api('POST', `/tabs/${id}/stop`, {})).status).toBe(200);
    expect((await h.api('DELETE', `/tabs/${id}`)).status).toBe(200);
    expect((await h.api('DELETE', '/tabs/NO_SUCH_TAB')).status).toBe(404);
    const rows = db.prepare('SELECT * FROM actions WHERE timestamp >= ? AND action_type IN (?, ?, ?, ?) ORDER BY rowid')
      .all(since, 'create_tab', 'activate_tab', 'stop_loading', 'close_tab') as Array<Record<string, any>>;
    expect(rows.map((r) => [r.action_type, r.tab_id, r.success])).toEqual([
      ['create_tab', id, 1], ['activate_tab', id, 1], ['stop_loading', id, 1], ['close_tab', id, 1], ['close_tab', 'NO_SUCH_TAB', 0],
    ]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(5);
    expect(JSON.parse(rows[0]!.result)).toMatchObject({ id });
    expect(rows[4]!.error_code).toBe('TAB_NOT_FOUND');
    expect(rows.every((r) => r.screenshot_before_path === null && r.screenshot_after_path === null)).toBe(true);
  });
});

describe('history recording: shutdown and --no-history', () => {
  it('closes the session row on a clean shutdown', async () => {
    const other = await startHarness({ history: true });
    try {
      const tab = await other.openTab('/pages/static.html');
      await other.api('POST', `/tabs/${tab}/click`, { x: 160, y: 120 });
      await other.daemon.stop('test');
      const closed = new Database(join(other.sessionDir, 'history.db'), { readonly: true });
      const sessions = closed.prepare('SELECT * FROM sessions').all() as Array<Record<string, any>>;
      const actions = closed.prepare('SELECT COUNT(*) AS n FROM actions').get() as { n: number };
      closed.close();
      expect(sessions).toHaveLength(1);
      expect(sessions[0]!.end_time).toBeGreaterThanOrEqual(sessions[0]!.start_time);
      expect(actions.n).toBe(3); // create_tab, navigate, click
    } finally { await other.close(); }
  });

  it('an unopenable history.db turns recording off with a reason; actions go on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'abpd-badhistory-'));
    // A directory where the file should be (a corrupt *file* is moved aside instead: integrity.test.ts).
    mkdirSync(join(dir, 'history.db'));
    const bad = await startHarness({ history: true, sessionDir: dir });
    try {
      const tab = await bad.openTab('/pages/static.html');
      expect((await bad.api('POST', `/tabs/${tab}/click`, { x: 160, y: 120 })).status).toBe(200);
      const q = await bad.api('GET', '/history/actions');
      expect(q.status).toBe(503);
      expect(q.body).toMatchObject({ success: false, error: 'HISTORY_DISABLED', message: expect.stringContaining('could not be opened') });
      expect((await bad.api('GET', '/browser/status')).body.data.history).toMatchObject({ state: 'off', error: expect.any(String) });
    } finally {
      await bad.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--no-history: the envelope is unchanged, nothing is written, history routes answer 503', async () => {
    const off = await startHarness({ history: false });
    try {
      const tab = await off.openTab('/pages/static.html');
      const r = await off.api('POST', `/tabs/${tab}/click`, { x: 160, y: 120 });
      expect(r.status).toBe(200);
      expect(r.body.action_id).toBeTruthy();
      expect(r.body.screenshot_after.format).toBe('webp');
      expect(existsSync(join(off.sessionDir, 'history.db'))).toBe(false);
      expect(existsSync(join(off.sessionDir, 'screenshots'))).toBe(false);
      for (const path of ['/history/actions', '/history/sessions/current', `/history/actions/${r.body.action_id}`]) {
        const q = await off.api('GET', path);
        expect(q.status).toBe(503);
        expect(q.body).toMatchObject({ success: false, error: 'HISTORY_DISABLED' });
      }
      expect((await off.api('DELETE', '/history?confirm=true')).status).toBe(503);
      // The viewer still loads (it shows the live tabs and says history is off).
      expect((await off.raw('GET', '/')).status).toBe(200);
    } finally { await off.close(); }
  });
});
