// A daemon killed with SIGKILL mid-run: history.db opens, passes an integrity check and holds every
// action the client saw complete; the next daemon on the same session dir closes the dead session.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../daemon/config.ts';
import { startDaemon } from '../../daemon/daemon.ts';
import { createLogger } from '../../daemon/log.ts';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'abpd');
let sessionDir: string;
let fixtures: FixtureServer;
let child: ChildProcess | null = null;

beforeAll(async () => {
  sessionDir = mkdtempSync(join(tmpdir(), 'abpd-crash-'));
  fixtures = await startFixtureServer();
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  killLeftoverChromium();
  await fixtures?.close();
  rmSync(sessionDir, { recursive: true, force: true });
});

/** The daemon's Chromium, if it outlived the kill (its pid file names its process group). */
function killLeftoverChromium(): void {
  let pid = 0;
  try { pid = Number(readFileSync(join(sessionDir, 'chromium-profile', 'abpd-chromium.pid'), 'utf8')); } catch {
    return; // no pid file: Chromium exited and removed it, or never started
  }
  try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
}

function startChild(): Promise<number> {
  child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--session-dir', sessionDir, '--log-level', 'info'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`no listening line in 30 s:\n${log}`)), 30_000);
    child!.stderr!.setEncoding('utf8');
    child!.stderr!.on('data', (text: string) => {
      log += text;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(log);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child!.once('exit', (code) => { clearTimeout(timer); reject(new Error(`abpd exited (${code}):\n${log}`)); });
  });
}

async function call(port: number, method: string, path: string, body?: unknown): Promise<any> {
  const r = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });
  return { status: r.status, body: await r.json() };
}

describe('history after kill -9', () => {
  const completed: string[] = [];

  it('every completed action is in history.db, which opens intact', async () => {
    const port = await startChild();
    for (let i = 0; i < 100; i += 1) {
      const s = await call(port, 'GET', '/browser/status');
      if (s.body.data?.ready) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const tab = await call(port, 'POST', '/tabs', {});
    expect(tab.status).toBe(201);
    const nav = await call(port, 'POST', `/tabs/${tab.body.id}/navigate`, { url: fixtures.url('/pages/static.html') });
    expect(nav.status).toBe(200);
    completed.push(nav.body.action_id);
    for (let i = 0; i < 3; i += 1) {
      const r = await call(port, 'POST', `/tabs/${tab.body.id}/click`, { x: 160, y: 120 });
      expect(r.status).toBe(200);
      completed.push(r.body.action_id);
    }
    // One more in flight when the process dies: it may or may not be there, but nothing may break.
    void call(port, 'POST', `/tabs/${tab.body.id}/wait`, { ms: 2000 }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    child!.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    killLeftoverChromium();

    const db = new Database(join(sessionDir, 'history.db'), { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db.prepare('SELECT id, action_type, success, session_id FROM actions ORDER BY rowid').all() as Array<Record<string, any>>;
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of completed) expect(byId.get(id), `action ${id}`).toMatchObject({ success: 1 });
      expect(rows[0]).toMatchObject({ action_type: 'create_tab', success: 1 });
      const sessions = db.prepare('SELECT * FROM sessions').all() as Array<Record<string, any>>;
      expect(sessions).toHaveLength(1);
      expect(sessions[0]!.end_time).toBeNull(); // nobody closed it
    } finally { db.close(); }
  });

  it('the next daemon on the same session dir closes the dead session and starts its own', async () => {
    const config = defaultConfig({ sessionDir, port: 0, logLevel: 'quiet', history: true });
    const daemon = await startDaemon(config, { listen: false, log: createLogger('quiet') });
    try {
      const sessions = await daemon.app.request('/api/v1/history/sessions', { headers: { host: '127.0.0.1:8222' } });
      const list = (await sessions.json() as any).data.sessions as Array<Record<string, any>>;
      expect(list).toHaveLength(2);
      const [current, dead] = list; // newest first
      expect(current!.end_time).toBeNull();
      expect(dead!.end_time).toBeGreaterThanOrEqual(dead!.start_time);
      const old = await daemon.app.request(`/api/v1/history/actions?session_id=${dead!.id}&limit=500`, { headers: { host: '127.0.0.1:8222' } });
      const ids = ((await old.json() as any).data.actions as Array<{ id: string }>).map((a) => a.id);
      for (const id of completed) expect(ids).toContain(id);
    } finally { await daemon.stop('test'); }
  });
});
