// The tools that answer browser UI (dialogs, file choosers, downloads, console) over MCP, end to end:
// the event reaches the model in the action's result, and the answering tool reaches its REST route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { call, connectHttp, jsonOf, textOf } from './mcpClient.ts';

let h: Harness;
let client: Client;
beforeAll(async () => {
  h = await startHarness();
  ({ client } = await connectHttp(h));
});
afterAll(async () => { await client?.close(); await h?.close(); });

async function open(page: string): Promise<string> {
  const r = await call(client, 'browser_tabs', { action: 'new', url: h.fixtures.url(page) });
  expect(r.isError, textOf(r)).toBeFalsy();
  return jsonOf(r).tab_id as string;
}

async function click(x: number, y: number) {
  const r = await call(client, 'browser_action', { actions: [{ type: 'mouse_click', x, y }] });
  expect(r.isError, textOf(r)).toBeFalsy();
  return jsonOf(r) as { events: { type: string; data: Record<string, unknown> }[] };
}

describe('MCP tools for browser UI', () => {
  it('a confirm() dialog is reported, checked and accepted with browser_dialog', async () => {
    await open('/pages/dialog.html');
    const step = await click(300, 100);
    expect(step.events.map((e) => e.type)).toContain('dialog');
    const check = jsonOf(await call(client, 'browser_dialog', {}));
    expect(check).toMatchObject({ present: true, dialog_type: 'confirm', message: 'Confirm this action?' });
    const accepted = await call(client, 'browser_dialog', { action: 'accept' });
    expect(accepted.isError, textOf(accepted)).toBeFalsy();
    const value = await call(client, 'browser_javascript', { expression: 'window.confirmResult' });
    expect(jsonOf(value).result.value).toBe(true);
  });

  it('a file chooser is answered with browser_files content_files', async () => {
    await open('/pages/filechooser.html');
    const step = await click(140, 100);
    const chooser = step.events.find((e) => e.type === 'file_chooser');
    expect(chooser, JSON.stringify(step.events)).toBeDefined();
    const r = await call(client, 'browser_files', {
      chooser_id: chooser!.data.id, content_files: [{ filename: 'note.txt', data: Buffer.from('hello from mcp').toString('base64'), mime_type: 'text/plain' }],
    });
    expect(r.isError, textOf(r)).toBeFalsy();
    const names = await call(client, 'browser_javascript', { expression: "window.fileLog.filter((l) => l.id === 'single').at(-1).names" });
    expect(jsonOf(names).result.value).toEqual(['note.txt']);
  });

  it('a download is listed and its content comes back as a resource block', async () => {
    await open('/pages/download.html');
    const step = await click(100, 100);
    const started = step.events.find((e) => e.type === 'download_started' || e.type === 'download_completed');
    expect(started, JSON.stringify(step.events)).toBeDefined();
    const id = started!.data.download_id as string;
    for (let i = 0; i < 50; i += 1) {
      const status = jsonOf(await call(client, 'browser_downloads', { action: 'status', download_id: id }));
      if (status.state === 'completed') break;
      await call(client, 'browser_wait', { ms: 200 });
    }
    const content = await call(client, 'browser_downloads', { action: 'content', download_id: id });
    expect(content.isError, textOf(content)).toBeFalsy();
    const resource = content.content.find((b) => b.type === 'resource') as { resource: { uri: string; blob: string } } | undefined;
    expect(resource!.resource.uri).toMatch(/^download:\/\/.+\/report\.pdf$/);
    expect(Buffer.from(resource!.resource.blob, 'base64').length).toBe(5000);
    const missing = await call(client, 'browser_downloads', { action: 'content' });
    expect(jsonOf(missing).error).toContain('download_id: required');
  });

  it('console messages are read with browser_console', async () => {
    const tab = await open('/pages/console.html');
    const r = await call(client, 'browser_console', { level: 'error', tab_id: tab });
    expect(r.isError, textOf(r)).toBeFalsy();
    const messages = (jsonOf(r).entries as { message: string }[]).map((e) => e.message);
    expect(messages.some((m) => m.includes('load error'))).toBe(true);
  });
});
