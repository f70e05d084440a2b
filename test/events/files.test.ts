// File choosers (rest.md §4.13) and downloads (§4.12): no native dialog ever opens; the agent
// answers choosers by id and finds downloads in the session folder, renamed to their real names.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
let uploadRoot: string;
beforeAll(async () => {
  h = await startHarness();
  uploadRoot = join(h.sessionDir, 'allowed');
  mkdirSync(uploadRoot, { recursive: true });
  writeFileSync(join(uploadRoot, 'a.txt'), 'hello from a');
  writeFileSync(join(uploadRoot, 'b.txt'), 'bee');
});
afterAll(async () => { await h?.close(); });

const eventOf = (env: any, type: string) => env.events.find((e: any) => e.type === type);

async function openChooser(tab: string, x: number, y: number) {
  const r = await h.api('POST', `/tabs/${tab}/click`, { x, y, screenshot: { area: 'none' } });
  expect(r.status).toBe(200);
  const fc = eventOf(r.body, 'file_chooser');
  expect(fc, JSON.stringify(r.body.events)).toBeDefined();
  return fc.data;
}

describe('file chooser', () => {
  it('clicking a file input reports file_chooser; content_files land in the input with input + change', async () => {
    const tab = await h.openTab('/pages/filechooser.html');
    const fc = await openChooser(tab, 140, 100);
    expect(fc).toMatchObject({ tab_id: tab, chooser_type: 'open', multiple: false, accepts: ['.txt', 'text/plain'], pending: true });
    expect(fc.id).toMatch(/^fc_\d+$/);
    const r = await h.api('POST', `/file-chooser/${fc.id}`, { content_files: [{ filename: 'notes.txt', data: Buffer.from('twelve bytes').toString('base64') }] });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    expect(r.body.result.success).toBe(true);
    expect(r.body.tab_id).toBe(tab);
    const log = await h.value<any[]>(tab, 'window.fileLog');
    expect(log.map((e) => e.event)).toEqual(['input', 'change']);
    expect(log[1]).toMatchObject({ id: 'single', names: ['notes.txt'], sizes: [12] });
    expect(await h.value(tab, 'window.fileText.single')).toBe('twelve bytes');
    // Answered once: the id is gone.
    expect((await h.api('POST', `/file-chooser/${fc.id}`, { cancel: true })).status).toBe(404);
  });

  it('a button that clicks a hidden input opens a chooser too; cancel answers it', async () => {
    const tab = await h.openTab('/pages/filechooser.html');
    const fc = await openChooser(tab, 580, 100);
    const r = await h.api('POST', `/file-chooser/${fc.id}`, { cancel: true });
    expect(r.status).toBe(200);
    expect(r.body.result).toEqual({ success: true, cancelled: true });
    expect(await h.value(tab, 'window.fileLog.length')).toBe(0);
  });

  it('files by path need --allow-file-access or --upload-root (403 names the option)', async () => {
    const tab = await h.openTab('/pages/filechooser.html');
    const fc = await openChooser(tab, 380, 100);
    expect(fc).toMatchObject({ chooser_type: 'open_multiple', multiple: true });
    const denied = await h.api('POST', `/file-chooser/${fc.id}`, { files: [join(uploadRoot, 'a.txt')] });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toContain('--allow-file-access');
    expect(denied.body.error).toContain('--upload-root');
    const bad = await h.api('POST', `/file-chooser/${fc.id}`, {});
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('files');
  });

  it('with an upload root: files under it are set, a missing one is 400, relative paths are 400', async () => {
    const h2 = await startHarness({ uploadRoot: join(h.sessionDir, 'allowed') });
    try {
      const tab = await h2.openTab('/pages/filechooser.html');
      const r0 = await h2.api('POST', `/tabs/${tab}/click`, { x: 380, y: 100, screenshot: { area: 'none' } });
      const fc = eventOf(r0.body, 'file_chooser').data;
      expect((await h2.api('POST', `/file-chooser/${fc.id}`, { files: [join(uploadRoot, 'nope.txt')] })).status).toBe(400);
      expect((await h2.api('POST', `/file-chooser/${fc.id}`, { files: ['a.txt'] })).status).toBe(400);
      expect((await h2.api('POST', `/file-chooser/${fc.id}`, { files: ['/etc/hostname'] })).status).toBe(403);
      const r = await h2.api('POST', `/file-chooser/${fc.id}`, { files: [join(uploadRoot, 'a.txt'), join(uploadRoot, 'b.txt')] });
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
      const log = await h2.value<any[]>(tab, 'window.fileLog');
      expect(log.at(-1)).toMatchObject({ id: 'multi', event: 'change', names: ['a.txt', 'b.txt'], sizes: [12, 3] });
    } finally {
      await h2.close();
    }
  });

  it('an answer refused before it ran (a dialog is open) leaves the chooser answerable', async () => {
    const tab = await h.openTab('/pages/filechooser.html');
    const fc = await openChooser(tab, 140, 100);
    const opened = await h.api('POST', `/tabs/${tab}/execute`, { script: 'alert("in the way")', screenshot: { area: 'none' } });
    expect(opened.status).toBe(200);
    expect(opened.body.result).toMatchObject({ blocked_by_dialog: true });
    expect(opened.body.events.map((e: any) => e.type)).toContain('dialog');
    expect((await h.api('GET', `/tabs/${tab}/dialog`)).body.present).toBe(true);
    const refused = await h.api('POST', `/file-chooser/${fc.id}`, { content_files: [{ filename: 'late.txt', data: Buffer.from('late').toString('base64') }] });
    expect(refused.status, JSON.stringify(refused.body).slice(0, 300)).toBe(409);
    expect((await h.api('POST', `/tabs/${tab}/dialog/accept`, {})).status).toBe(200);
    const retried = await h.api('POST', `/file-chooser/${fc.id}`, { content_files: [{ filename: 'late.txt', data: Buffer.from('late').toString('base64') }] });
    expect(retried.status, JSON.stringify(retried.body).slice(0, 300)).toBe(200);
    expect(await h.value(tab, 'window.fileText.single')).toBe('late');
  });

  it('an unknown chooser id is 404 FILE_CHOOSER_NOT_FOUND', async () => {
    const r = await h.api('POST', '/file-chooser/fc_999', { cancel: true });
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('FILE_CHOOSER_NOT_FOUND');
  });
});

describe('downloads', () => {
  it('a click that downloads: download_started, then download_completed; file renamed; content served', async () => {
    const tab = await h.openTab('/pages/download.html');
    const r = await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } });
    expect(r.status).toBe(200);
    // Settle must not wait for a "navigation" that turned into a download (no new document).
    expect(r.body.settle.reason).not.toBe('cap');
    const started = eventOf(r.body, 'download_started');
    expect(started.data).toMatchObject({ tab_id: tab, filename: 'report.pdf', url: h.fixtures.url('/download/report.pdf?size=5000') });
    const id = started.data.download_id;
    expect(id).toMatch(/^dl_[0-9a-f]{32}$/);
    let record: any;
    for (let i = 0; i < 50; i += 1) {
      record = (await h.api('GET', `/downloads/${id}`)).body;
      if (record.state === 'completed') break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(record).toMatchObject({ id, state: 'completed', filename: 'report.pdf', bytes_received: 5000, total_bytes: 5000, percent_complete: 100 });
    expect(record.path).toBe(join(h.sessionDir, 'downloads', 'report.pdf'));
    expect(readFileSync(record.path).length).toBe(5000);
    const content = await h.raw('GET', `/api/v1/downloads/${id}/content`);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await content.arrayBuffer()).length).toBe(5000);
    expect((await h.api('GET', `/downloads/${id}/content?max_size=100`)).status).toBe(413);
    expect((await h.api('POST', `/downloads/${id}/cancel`, {})).status).toBe(400);
    const list = (await h.api('GET', '/downloads?state=completed')).body.downloads;
    expect(list.some((d: any) => d.id === id)).toBe(true);
    // The same name again is de-duplicated.
    await h.api('POST', `/tabs/${tab}/click`, { x: 700, y: 100, screenshot: { area: 'none' } });
    for (let i = 0; i < 50 && !(await h.api('GET', '/downloads')).body.downloads.some((d: any) => d.filename === 'report (1).pdf' && d.state === 'completed'); i += 1) {
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(readFileSync(join(h.sessionDir, 'downloads', 'report (1).pdf')).length).toBe(7000);
  });

  it('a download that finishes between actions is reported with the tab\'s next action', async () => {
    const tab = await h.openTab('/pages/download.html');
    const r = await h.api('POST', `/tabs/${tab}/click`, { x: 300, y: 100, screenshot: { area: 'none' } });
    const id = eventOf(r.body, 'download_started').data.download_id;
    expect(eventOf(r.body, 'download_completed')).toBeUndefined();
    for (let i = 0; i < 100 && (await h.api('GET', `/downloads/${id}`)).body.state !== 'completed'; i += 1) {
      await new Promise((res) => setTimeout(res, 100));
    }
    const next = await h.api('POST', `/tabs/${tab}/screenshot`, { screenshot: { area: 'none' } });
    const completed = eventOf(next.body, 'download_completed');
    expect(completed?.data).toMatchObject({ download_id: id, filename: 'slow.bin', bytes_received: 262144 });
  });

  it('cancel a download in progress; content of an unfinished download is 409; unknown id 404', async () => {
    const tab = await h.openTab('/pages/download.html');
    const r = await h.api('POST', `/tabs/${tab}/click`, { x: 500, y: 100, screenshot: { area: 'none' } });
    const id = eventOf(r.body, 'download_started').data.download_id;
    expect((await h.api('GET', `/downloads/${id}/content`)).status).toBe(409);
    const c = await h.api('POST', `/downloads/${id}/cancel`, {});
    expect(c.body).toEqual({ success: true, message: 'Download cancelled' });
    let state = '';
    for (let i = 0; i < 50 && state !== 'cancelled'; i += 1) {
      state = (await h.api('GET', `/downloads/${id}`)).body.state;
      if (state !== 'cancelled') await new Promise((res) => setTimeout(res, 100));
    }
    expect(state).toBe('cancelled');
    expect((await h.api('GET', '/downloads/dl_999')).status).toBe(404);
    expect((await h.api('GET', '/downloads?state=bogus')).status).toBe(400);
  });
});
