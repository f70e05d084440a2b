// Smooth files (compat.md "Smooth /task"): POST /file (multipart) → {id}; a task naming it in
// `files` gives the agent attach_file, which abpd answers itself — the file input is clicked, the
// intercepted file chooser gets the bytes — so the page receives the file; DELETE /file/{id}; an
// unknown file id is a 422 naming files[i]; downloads=true names a zip of the task's downloads
// (checked with unzip -t). Real loop, real Chromium, the fake model.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, KEY, startSmooth, type SmoothHarness } from './smoothHarness.ts';

let h: SmoothHarness;
beforeAll(async () => { h = await startSmooth(); });
afterAll(async () => { await h?.close(); });

async function upload(name: string, text: string): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new File([text], name, { type: 'text/plain' }));
  form.append('file_purpose', 'attachment');
  const r = await h.daemon.app.request(`${BASE}/file`, { method: 'POST', body: form, headers: { host: '127.0.0.1:8222', apikey: KEY } });
  return { status: r.status, body: await r.json() };
}

describe('files', () => {
  it('an uploaded file is attached by the agent to the page\'s file input', async () => {
    const up = await upload('cv.txt', 'Ada Lovelace, analyst');
    expect(up.status).toBe(200);
    const fileId = up.body.r.id as string;
    expect(fileId).toMatch(/^file_/);

    let sawChosen = false;
    h.fake.script({ turns: (req, i) => {
      sawChosen ||= req.lastUserText.includes('button "Remove cv.txt"');
      if (i === 0) return { tool: 'attach_file', target: { name: /Your CV/ }, args: { file_id: fileId } };
      return { tool: 'done', args: { answer: sawChosen ? 'CV attached' : 'no file chosen' } };
    } });
    const created = await h.smooth('POST', '/task', { task: 'Attach my CV to the application', url: h.fixtures.url('/pages/smooth-upload.html'), files: [fileId] });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const run = await h.pollToEnd(created.body.r.id);
    expect(run.final).toMatchObject({ status: 'done', output: 'CV attached' });
    expect(sawChosen).toBe(true);
    // The agent was offered the tool with the file's id; the client saw no tool_call to answer.
    const offered = h.fake.requests.find((r) => r.toolNames.includes('attach_file'))!;
    expect(JSON.stringify(offered.body.tools)).toContain(fileId);
    expect(run.events.some((e) => e.name === 'tool_call')).toBe(false);
    expect(run.events.some((e) => e.name === 'file_attach')).toBe(true);
    const result = h.fake.requests.map((r) => r.raw).find((raw) => raw.includes('attached cv.txt'));
    expect(result).toBeTruthy();

    expect(await h.smooth('DELETE', `/file/${fileId}`)).toEqual({ status: 200, body: { r: true } });
    const gone = await h.smooth('POST', '/task', { task: 'Attach it again', url: h.fixtures.url('/pages/smooth-upload.html'), files: [fileId] });
    expect(gone.status).toBe(422);
    expect(gone.body.detail).toMatch(/^files\[0\]: no file/);
    expect((await h.smooth('DELETE', `/file/${fileId}`)).status).toBe(404);
  });

  it('POST /file without a multipart file part is refused naming it', async () => {
    const form = new FormData();
    form.append('other', 'x');
    const r = await h.daemon.app.request(`${BASE}/file`, { method: 'POST', body: form, headers: { host: '127.0.0.1:8222', apikey: KEY } });
    expect(r.status).toBe(422);
    expect((await r.json()).detail).toMatch(/^file: required/);
    const json = await h.smooth('POST', '/file', { file: 'abc' });
    expect(json.status).toBe(400);
    expect(json.body.detail).toMatch(/multipart\/form-data/);
  });
});

describe('downloads', () => {
  it('GET /task/{id}?downloads=true names a zip of the session\'s finished downloads', async () => {
    const created = await h.smooth('POST', '/task', { task: null, url: h.fixtures.url('/pages/download.html') });
    const id = created.body.r.id;
    expect((await h.smooth('GET', `/task/${id}?downloads=true`)).body.r.downloads_url).toBeNull();
    const clicked = await h.smooth('POST', `/task/${id}/event`, { name: 'browser_action', payload: { name: 'evaluate_js', input: { js: 'document.getElementById("small").click()' } } });
    expect(clicked.status).toBe(200);
    let url: string | null = null;
    for (let i = 0; i < 100 && !url; i++) {
      url = (await h.smooth('GET', `/task/${id}?downloads=true`)).body.r.downloads_url;
      if (!url) await new Promise((r) => setTimeout(r, 100));
    }
    expect(url).toMatch(new RegExp(`/compat/smooth/api/v1/task/${id}/downloads\\.zip$`));
    const r = await h.raw('GET', new URL(url!).pathname, { headers: { apikey: KEY } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/zip');
    const file = join(h.sessionDir, 'downloads-test.zip');
    writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    expect(execFileSync('unzip', ['-t', file]).toString()).toMatch(/testing: report\.pdf\s+OK/);
    expect(execFileSync('unzip', ['-p', file, 'report.pdf']).length).toBe(5000);
    await h.smooth('DELETE', `/task/${id}`);
  });
});
