// ABP compatibility (issue 25): where abpd answered differently from ABP and broke ABP's own client
// or suite. One test per item; item 5 (execution after the clock started) is in
// test/vt/executionControl.test.ts beside the rest of execution control.
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { call, connectHttp, imagesOf, jsonOf } from '../mcp/mcpClient.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const eventOf = (env: any, type: string) => env.events.find((e: any) => e.type === type);

async function mcp(body: unknown, headers: Record<string, string> = {}) {
  const r = await h.raw('POST', '/mcp', { body: JSON.stringify(body), headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } });
  return { status: r.status, headers: r.headers, body: await r.json() as any };
}
const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', clientInfo: { name: 'abp-era', version: '1' }, capabilities: {} } };

describe('1. POST /screenshot carries the after-frame at the top level too', () => {
  it('data, mimeType and format beside screenshot_after (ABP\'s older answer, read by its suite)', async () => {
    const tab = await h.openTab('/pages/compat.html');
    const r = await h.api('POST', `/tabs/${tab}/screenshot`, { screenshot: { format: 'webp' } });
    expect(r.status).toBe(200);
    expect(r.body.data).toBe(r.body.screenshot_after.data);
    expect(r.body).toMatchObject({ mimeType: 'image/webp', format: 'webp' });
    expect((await sharp(Buffer.from(r.body.data, 'base64')).metadata()).format).toBe('webp');
    const png = await h.api('POST', `/tabs/${tab}/screenshot`, { screenshot: { format: 'png' } });
    expect(png.body).toMatchObject({ mimeType: 'image/png', format: 'png' });
    // Other actions, and a screenshot without frames, carry no copy.
    const click = await h.api('POST', `/tabs/${tab}/click`, { x: 5, y: 5 });
    expect(click.body.data).toBeUndefined();
    expect((await h.api('POST', `/tabs/${tab}/screenshot`, { screenshot: { area: 'none' } })).body.data).toBeUndefined();
  });

  it('MCP shows the frame once: as the image block, not again in the text', async () => {
    const { client } = await connectHttp(h);
    try {
      const tab = await h.openTab('/pages/compat.html');
      const result = await call(client, 'browser_screenshot', { tab_id: tab });
      expect(imagesOf(result)).toHaveLength(1);
      const text = jsonOf(result);
      expect(text.data).toBeUndefined();
      expect(text.mimeType).toBeUndefined();
      expect(text.screenshot).toMatchObject({ format: 'webp' });
    } finally { await client.close(); }
  });
});

describe('2. POST /file-chooser/{id} answers success (and cancelled) at the top level', () => {
  it('files set: {success: true, ...envelope}; cancel: {success: true, cancelled: true, ...}', async () => {
    const tab = await h.openTab('/pages/compat.html');
    const open = async () => eventOf((await h.api('POST', `/tabs/${tab}/click`, { x: 540, y: 100, screenshot: { area: 'none' } })).body, 'file_chooser').data.id;
    const set = await h.api('POST', `/file-chooser/${await open()}`, { content_files: [{ filename: 'a.txt', data: Buffer.from('abc').toString('base64') }] });
    expect(set.status).toBe(200);
    expect(set.body.success).toBe(true);
    expect(set.body.cancelled).toBeUndefined();
    expect(set.body.result).toMatchObject({ success: true, files: ['a.txt'] });
    expect(Array.isArray(set.body.events)).toBe(true);
    const cancelled = await h.api('POST', `/file-chooser/${await open()}`, { cancel: true });
    expect(cancelled.body).toMatchObject({ success: true, cancelled: true, result: { success: true, cancelled: true } });
  });
});

describe('3, 7, 8. downloads', () => {
  it('<a download>: mime_type from the download\'s own response; its download_completed comes with the click', async () => {
    const tab = await h.openTab('/pages/compat.html');
    const r = await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100, screenshot: { area: 'none' } });
    const started = eventOf(r.body, 'download_started');
    expect(started?.data, JSON.stringify(r.body.events)).toMatchObject({ filename: 'guide.pdf', mime_type: 'application/pdf' });
    const completed = eventOf(r.body, 'download_completed');
    expect(completed?.data, JSON.stringify(r.body.events)).toMatchObject({ download_id: started.data.download_id, bytes_received: 5000, mime_type: 'application/pdf' });
    const record = (await h.api('GET', `/downloads/${started.data.download_id}`)).body;
    expect(record).toMatchObject({ state: 'completed', mime_type: 'application/pdf', path: join(h.sessionDir, 'downloads', 'guide.pdf') });
    // 7. Cancelling a finished download is a bad request, as ABP answers it.
    const cancel = await h.api('POST', `/downloads/${record.id}/cancel`, {});
    expect(cancel.status).toBe(400);
    expect(cancel.body).toMatchObject({ code: 'DOWNLOAD_NOT_IN_PROGRESS' });
    expect(cancel.body.error).toContain('completed');
  });

  it('a link that turns into a download (attachment, done in ~300 ms): the same, in one envelope', async () => {
    const tab = await h.openTab('/pages/compat.html');
    const r = await h.api('POST', `/tabs/${tab}/click`, { x: 300, y: 100, screenshot: { area: 'none' } });
    expect(eventOf(r.body, 'download_started')?.data).toMatchObject({ filename: 'notes.pdf', mime_type: 'application/pdf' });
    expect(eventOf(r.body, 'download_completed')?.data, JSON.stringify(r.body.events)).toMatchObject({ filename: 'notes.pdf', bytes_received: 100000 });
    // Delivered once: the next action does not repeat it.
    const next = await h.api('POST', `/tabs/${tab}/screenshot`, { screenshot: { area: 'none' } });
    expect(next.body.events.filter((e: any) => e.type.startsWith('download_'))).toEqual([]);
  });
});

describe('4. markup "inputs" (ABP\'s older type: the form controls)', () => {
  it('marks every visible input, select and textarea, each as what it is, numbered 1..N', async () => {
    const tab = await h.openTab('/pages/compat.html');
    const r = await h.api('POST', `/tabs/${tab}/screenshot`, { screenshot: { markup: ['inputs'] } });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    const marks = r.body.screenshot_after.marked_elements.filter((m: any) => m.bounds.y >= 170);
    expect(marks.map((m: any) => [m.tag, m.type])).toEqual([
      ['input', 'typeable'], ['input', 'clickable'], ['select', 'clickable'], ['textarea', 'typeable'], ['input', 'clickable']]);
    const all = r.body.screenshot_after.marked_elements;
    expect(all.every((m: any) => ['input', 'select', 'textarea'].includes(m.tag))).toBe(true);
    expect(all.map((m: any) => m.index)).toEqual(all.map((_: unknown, i: number) => i + 1));
    // The string form and the GET query take it too; with clickable the button and link come back.
    const asString = await h.api('POST', `/tabs/${tab}/screenshot`, { screenshot: { markup: 'inputs' } });
    expect(asString.body.screenshot_after.marked_elements).toHaveLength(all.length);
    const both = await h.api('POST', `/tabs/${tab}/screenshot`, { screenshot: { markup: ['inputs', 'clickable'] } });
    expect(both.body.screenshot_after.marked_elements.map((m: any) => m.tag)).toEqual(expect.arrayContaining(['button', 'a', 'select']));
    const image = await h.raw('GET', `/api/v1/tabs/${tab}/screenshot?markup=inputs`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/webp');
    // An unknown type is still a 400 naming it.
    expect((await h.api('POST', `/tabs/${tab}/screenshot`, { screenshot: { markup: ['inputz'] } })).body.error).toContain('inputz');
  });
});

describe('6. MCP: the session id in the initialize answer; an unknown tool is -32601', () => {
  it('initialize carries result._mcpSessionId, the same id as the Mcp-Session-Id header', async () => {
    const r = await mcp(INIT);
    expect(r.status).toBe(200);
    const id = r.headers.get('mcp-session-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body.result._mcpSessionId).toBe(id);
    // The official SDK client still accepts the answer (its message schema is strict at the top level).
    const { client } = await connectHttp(h);
    await client.close();
  });

  it('tools/call of an unknown tool: JSON-RPC error -32601', async () => {
    const init = await mcp(INIT);
    const r = await mcp({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'browser_fly', arguments: {} } },
      { 'mcp-session-id': init.headers.get('mcp-session-id')! });
    expect(r.body.error).toMatchObject({ code: -32601 });
    expect(r.body.error.message).toContain('Unknown tool: browser_fly');
  });
});

describe('9. upload by path, refused by default, names the flags that allow it', () => {
  it('403 FILE_ACCESS_DENIED saying --upload-root DIR or --allow-file-access', async () => {
    const tab = await h.openTab('/pages/compat.html');
    const click = await h.api('POST', `/tabs/${tab}/click`, { x: 540, y: 100, screenshot: { area: 'none' } });
    const id = eventOf(click.body, 'file_chooser').data.id;
    const r = await h.api('POST', `/file-chooser/${id}`, { files: ['/etc/hostname'] });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('FILE_ACCESS_DENIED');
    expect(r.body.error).toMatch(/^files\[0\]: uploads by path are off by default/);
    expect(r.body.error).toContain('--upload-root DIR');
    expect(r.body.error).toContain('--allow-file-access');
    expect(r.body.data).toEqual({ allowed_by: ['--upload-root DIR', '--allow-file-access'] });
    // Refused before it ran: the chooser can still be answered.
    expect((await h.api('POST', `/file-chooser/${id}`, { cancel: true })).status).toBe(200);
  });
});
