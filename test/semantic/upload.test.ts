// act upload and scroll (semantic.md §3): files set on a file input when the daemon allows paths
// (--allow-file-access), and a scroll container scrolled with the wheel at its centre.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { act, actOk, observe } from './helpers.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness({ allowFileAccess: true }); });
afterAll(async () => { await h?.close(); });

describe('act upload and scroll', () => {
  it('upload sets the files of a file input (change fires); a non-file element refuses it', async () => {
    const tab = await h.openTab('/pages/semantic/controls.html');
    const o = await observe(h, tab);
    const file = o.elements.find((e: any) => e.kind === 'file');
    expect(file).toMatchObject({ actions: expect.arrayContaining(['upload']) });
    const path = join(mkdtempSync(join(tmpdir(), 'abpd-up-')), 'cv.txt');
    writeFileSync(path, 'hello');
    expect(await actOk(h, tab, { agent_id: file.agent_id, action: 'upload', files: [path] })).toMatchObject({ files: 1 });
    expect(await h.value(tab, 'doc.files[0].name')).toBe('cv.txt');
    expect(await h.value(tab, 'events.some((e) => e.startsWith("change:doc"))')).toBe(true);
    const wrong = await act(h, tab, { agent_id: 'name_txt', action: 'upload', files: [path] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.data.allowed).not.toContain('upload');
  });

  it('scroll scrolls a scroll container by a page (or pixels) in the direction asked', async () => {
    const tab = await h.openTab('/pages/semantic/controls.html');
    const o = await observe(h, tab, { max_elements: 200 });
    const list = o.elements.find((e: any) => e.kind === 'scroll');
    expect(list).toBeDefined();
    await actOk(h, tab, { agent_id: list.agent_id, action: 'scroll', direction: 'down' });
    const after = await h.value<number>(tab, 'document.getElementById("list").scrollTop');
    expect(after).toBeGreaterThan(20);
    await actOk(h, tab, { agent_id: list.agent_id, action: 'scroll', direction: 'up', amount: 10 });
    expect(await h.value<number>(tab, 'document.getElementById("list").scrollTop')).toBeLessThan(after);
  });
});
