// Retention and the recorder's file handling, on a real history.db and real files (no browser
// needed: the recorder is fed the same ActionRecords the runner hands it).
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../daemon/envelope.ts';
import { openHistoryDb, type Db } from '../../daemon/history/db.ts';
import { createLayout, sessionLayout } from '../../daemon/history/layout.ts';
import { HistoryRecorder } from '../../daemon/history/recorder.ts';
import { Retention } from '../../daemon/history/retention.ts';
import { HistoryStore } from '../../daemon/history/store.ts';
import { createLogger } from '../../daemon/log.ts';
import type { ActionRecord } from '../../daemon/runner.ts';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(limits: { maxActions: number; maxBytes: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'abpd-retention-'));
  dirs.push(dir);
  const layout = sessionLayout(dir);
  createLayout(layout, true);
  const db = openHistoryDb(layout.database);
  dbs.push(db);
  const store = new HistoryStore(db);
  store.open('Chrome/test', null);
  const log = createLogger('quiet', () => undefined);
  const retention = new Retention(db, layout, limits, log);
  const recorder = new HistoryRecorder(store, layout, retention, log);
  return { db, layout, store, retention, recorder };
}

let n = 0;
function record(frameBytes: number, startedAt = Date.now() + n): ActionRecord {
  n += 1;
  const frame = { data: Buffer.alloc(frameBytes, n % 256), width: 10, height: 10, format: 'webp', virtualTimeMs: Date.now() };
  const envelope = { result: { n }, events: [{ type: 'navigation', virtual_time_ms: Date.now(), data: { url: `http://x/${n}` } }] } as unknown as Envelope;
  return { actionId: `A${String(n).padStart(7, '0')}`, type: 'click', tabId: 'TAB1', params: { n }, envelope,
    beforeFrame: frame, afterFrame: { ...frame }, startedAt, durationMs: 5 };
}

const ids = (db: Db) => (db.prepare('SELECT id FROM actions ORDER BY rowid').all() as Array<{ id: string }>).map((r) => r.id);

describe('history retention', () => {
  it('--history-max-actions keeps the newest N: rows, events and files of the oldest go', async () => {
    const { db, layout, recorder } = setup({ maxActions: 3, maxBytes: 0 });
    const recs = Array.from({ length: 5 }, () => record(100));
    for (const r of recs) { recorder.observe(r); await recorder.flush(); }
    expect(ids(db)).toEqual(recs.slice(2).map((r) => r.actionId));
    const eventOwners = (db.prepare('SELECT action_id FROM events').all() as Array<{ action_id: string }>).map((e) => e.action_id);
    expect(eventOwners.sort()).toEqual(recs.slice(2).map((r) => r.actionId));
    await new Promise((r) => setTimeout(r, 100)); // unlink is asynchronous
    expect(readdirSync(layout.screenshots)).toHaveLength(6);
  });

  it('--history-max-mb keeps screenshots plus live database under the budget, newest kept', async () => {
    const budget = 400 * 1024;
    const { db, layout, recorder, retention } = setup({ maxActions: 0, maxBytes: budget });
    const recs = Array.from({ length: 20 }, () => record(20 * 1024)); // 40 KB of files per action
    for (const r of recs) { recorder.observe(r); await recorder.flush(); }
    await new Promise((r) => setTimeout(r, 100));
    const kept = ids(db);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(recs.length);
    expect(kept).toEqual(recs.slice(recs.length - kept.length).map((r) => r.actionId));
    expect(retention.totalBytes).toBeLessThanOrEqual(budget);
    // Pruned files are unlinked asynchronously: wait (bounded) for the directory to catch up.
    const deadline = Date.now() + 5_000;
    while (readdirSync(layout.screenshots).length !== kept.length * 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(layout.screenshots).length).toBe(kept.length * 2);
  });

  it('no limits: nothing is pruned', async () => {
    const { db, recorder } = setup({ maxActions: 0, maxBytes: 0 });
    for (let i = 0; i < 30; i += 1) recorder.observe(record(10));
    await recorder.flush();
    expect(ids(db)).toHaveLength(30);
  });

  it('two actions of one tab that start in the same millisecond keep separate files', async () => {
    const { db, recorder } = setup({ maxActions: 0, maxBytes: 0 });
    const t = Date.now();
    recorder.observe(record(10, t));
    recorder.observe(record(10, t));
    await recorder.flush();
    const paths = db.prepare('SELECT screenshot_after_path AS p FROM actions').all() as Array<{ p: string }>;
    expect(new Set(paths.map((r) => r.p)).size).toBe(2);
    expect(paths.every((r) => existsSync(r.p))).toBe(true);
  });

  it('a file that cannot be written is not advertised', async () => {
    const { db, layout, recorder } = setup({ maxActions: 0, maxBytes: 0 });
    rmSync(layout.screenshots, { recursive: true });
    const r = record(10);
    recorder.observe(r);
    await recorder.flush();
    expect(db.prepare('SELECT screenshot_before_path AS b, screenshot_after_path AS a FROM actions WHERE id = ?').get(r.actionId))
      .toEqual({ b: null, a: null });
  });
});
