// Issue 27 item 5: the --upload-root check-then-use race. Chromium reads a chosen file when the page
// reads it; abpd checked the path when the answer came. A swap of the checked file to a symlink
// (same size and mtime) in between leaked a file outside the root. Chromium now gets a copy made
// through one descriptor at check time; copies never handed over are removed at once, handed ones
// with their tab.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
let root = '';
let outside = '';
let base = '';
beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'abpd-upload-'));
  root = join(base, 'allowed');
  outside = join(base, 'secret');
  mkdirSync(root, { recursive: true });
  mkdirSync(outside, { recursive: true });
  h = await startHarness({ uploadRoot: root });
});
afterAll(async () => { await h?.close(); rmSync(base, { recursive: true, force: true }); });

const uploadsDir = () => join(h.sessionDir, 'uploads');
const staged = () => readdirSync(uploadsDir());

async function openChooser(tab: string): Promise<string> {
  const r = await h.api('POST', `/tabs/${tab}/click`, { x: 140, y: 100, screenshot: { area: 'none' } });
  return r.body.events.find((e: any) => e.type === 'file_chooser').data.id;
}

describe('uploads by path are copies made at check time', () => {
  it('a swap to a symlink after the answer still reads the checked bytes', async () => {
    const inside = join(root, 'in.txt');
    const secret = join(outside, 'secret.txt');
    writeFileSync(inside, 'CHECKED-BYTES-01');
    writeFileSync(secret, 'SECRET-OUTSIDE!!'); // same size
    // And the same mtime (whole seconds, so no precision is lost): Chromium's snapshot check cannot tell.
    for (const f of [inside, secret]) utimesSync(f, 1_700_000_000, 1_700_000_000);
    expect(statSync(secret).mtimeMs).toBe(statSync(inside).mtimeMs);
    const tab = await h.openTab('/pages/filechooser.html');
    const fc = await openChooser(tab);
    const r = await h.api('POST', `/file-chooser/${fc}`, { files: [inside], screenshot: { area: 'none' } });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    unlinkSync(inside);
    symlinkSync(secret, inside);
    const read = await h.value(tab, 'document.getElementById("single").files[0].text()');
    expect(read).toBe('CHECKED-BYTES-01');
    expect(await h.value(tab, 'document.getElementById("single").files[0].name')).toBe('in.txt');
    expect(staged()).toHaveLength(1);
    // The tab closes: its copies go.
    expect((await h.api('DELETE', `/tabs/${tab}`)).status).toBeLessThan(300);
    await new Promise((res) => setTimeout(res, 200));
    expect(staged()).toHaveLength(0);
    unlinkSync(inside);
  });

  it('a path that is a symlink leading outside is refused at check time; nothing is staged', async () => {
    symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'));
    const tab = await h.openTab('/pages/filechooser.html');
    const fc = await openChooser(tab);
    const r = await h.api('POST', `/file-chooser/${fc}`, { files: [join(root, 'link.txt')] });
    expect(r.status).toBe(403);
    expect(staged()).toHaveLength(0);
  });

  it('an answer refused after staging (a dialog is open; a bad second content file) leaves no copy behind', async () => {
    writeFileSync(join(root, 'ok.txt'), 'fine');
    const tab = await h.openTab('/pages/filechooser.html');
    const fc = await openChooser(tab);
    await h.api('POST', `/tabs/${tab}/execute`, { script: 'alert("in the way")', screenshot: { area: 'none' } });
    const refused = await h.api('POST', `/file-chooser/${fc}`, { files: [join(root, 'ok.txt')] });
    expect(refused.status).toBe(409);
    expect(staged()).toHaveLength(0);
    await h.api('POST', `/tabs/${tab}/dialog/accept`, {});
    const bad = await h.api('POST', `/file-chooser/${fc}`, { content_files: [
      { filename: 'a.txt', data: Buffer.from('a').toString('base64') }, { filename: 'b.txt', data: '!!not base64!!' }] });
    expect(bad.status).toBe(400);
    expect(staged()).toHaveLength(0);
    const ok = await h.api('POST', `/file-chooser/${fc}`, { files: [join(root, 'ok.txt')], screenshot: { area: 'none' } });
    expect(ok.status).toBe(200);
    expect(await h.value(tab, 'document.getElementById("single").files[0].text()')).toBe('fine');
  });
});
