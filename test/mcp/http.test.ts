// MCP over Streamable HTTP at /mcp, with the SDK's own client against the in-process daemon (real
// Chromium, fixture pages): the protocol surface, the tool table, and tools driving a page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ActionRecord } from '../../daemon/runner.ts';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { call, connectHttp, imagesOf, jsonOf, textOf } from './mcpClient.ts';

let h: Harness;
let client: Client;
let transport: StreamableHTTPClientTransport;
beforeAll(async () => {
  h = await startHarness();
  ({ client, transport } = await connectHttp(h));
});
afterAll(async () => { await client?.close(); await h?.close(); });

const SPEC_TOOLS = ['browser_action', 'browser_click', 'browser_scroll', 'browser_navigate', 'browser_screenshot', 'browser_wait', 'browser_tabs',
  'browser_javascript', 'browser_text', 'browser_dialog', 'browser_downloads', 'browser_files', 'browser_select_picker',
  'browser_datetime_picker', 'browser_slider', 'browser_clear_text', 'respond_to_permission', 'browser_console',
  'browser_get_status', 'browser_shutdown', 'session_create', 'session_list', 'session_close', 'browser_task',
  'browser_observe', 'browser_act', 'browser_wait_for',
  'browser_network', 'browser_network_rules', 'browser_emulate', 'browser_storage', 'browser_pdf', 'browser_performance'];

describe('MCP over HTTP: protocol', () => {
  it('initialize answers serverInfo abpd with tools and resources, and issues a session id', () => {
    expect(client.getServerVersion()).toMatchObject({ name: 'abpd' });
    expect(client.getServerCapabilities()).toMatchObject({ tools: {}, resources: {} });
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('ping answers', async () => {
    await expect(client.ping()).resolves.toEqual({});
  });

  it('tools/list: the table, with schemas derived from the routes', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(SPEC_TOOLS).toContain(name);
    // Routes that exist in the core today: these tools must be offered.
    for (const name of ['browser_action', 'browser_scroll', 'browser_navigate', 'browser_screenshot', 'browser_wait', 'browser_tabs',
      'browser_javascript', 'browser_text', 'browser_slider', 'browser_clear_text', 'browser_get_status', 'browser_shutdown']) {
      expect(names).toContain(name);
    }
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.description!.length).toBeGreaterThan(20);
    }
    const scroll = tools.find((t) => t.name === 'browser_scroll')!;
    expect(scroll.inputSchema.required).toEqual(['x', 'y', 'scrolls']);
    // From the zod coordinate schema of POST /tabs/{id}/scroll.
    expect(scroll.inputSchema.properties!.x).toMatchObject({ type: 'number', maximum: 100_000 });
    const action = tools.find((t) => t.name === 'browser_action')!;
    const items = (action.inputSchema.properties!.actions as { items: { oneOf: { properties: { type: { enum: string[] } } }[] } }).items.oneOf;
    expect(items.map((i) => i.properties.type.enum[0])).toEqual(['mouse_click', 'mouse_hover', 'mouse_drag', 'keyboard_type', 'keyboard_press']);
    const text = tools.find((t) => t.name === 'browser_text')!;
    expect(text.inputSchema.properties!.max_chars).toMatchObject({ type: 'integer', maximum: 10_000_000 });
  });

  it('resources: abpd://guide is listed and readable', async () => {
    const { resources } = await client.listResources();
    expect(resources).toEqual([expect.objectContaining({ uri: 'abpd://guide', mimeType: 'text/markdown' })]);
    const { contents } = await client.readResource({ uri: 'abpd://guide' });
    expect(contents[0]).toMatchObject({ uri: 'abpd://guide', mimeType: 'text/markdown' });
    expect(String((contents[0] as { text: string }).text)).toContain('atomic step');
    await expect(client.readResource({ uri: 'abpd://nope' })).rejects.toThrow(/Unknown resource/);
  });
});

describe('MCP over HTTP: tools drive the browser', () => {
  it('browser_tabs new with a url returns the loaded page and makes the tab active', async () => {
    const r = await call(client, 'browser_tabs', { action: 'new', url: h.fixtures.url('/pages/click.html') });
    expect(r.isError, textOf(r)).toBeFalsy();
    const body = jsonOf(r);
    expect(body.result).toMatchObject({ status: 'navigated' });
    expect(body.screenshot_before).toBeUndefined();
    expect(body.screenshot).toMatchObject({ width: 1280, height: 800, format: 'webp' });
    expect(body.screenshot.data).toBeUndefined();
    expect(imagesOf(r)).toHaveLength(1);
    const list = jsonOf(await call(client, 'browser_tabs', { action: 'list' }));
    expect(list.find((t: { active: boolean }) => t.active).id).toBe(body.tab_id);
  });

  it('browser_action clicks and types on the active tab (no tab_id)', async () => {
    const tab = (jsonOf(await call(client, 'browser_tabs', { action: 'new', url: h.fixtures.url('/pages/click.html') }))).tab_id;
    const clicked = await call(client, 'browser_action', { actions: [{ type: 'mouse_click', x: 100, y: 100 }] });
    expect(clicked.isError, textOf(clicked)).toBeFalsy();
    expect(jsonOf(clicked).result).toMatchObject({ actions_executed: 1 });
    expect(await h.value(tab, 'window.clicks')).toBe(1);
    const typed = await call(client, 'browser_action', { actions: [
      { type: 'mouse_click', x: 150, y: 195 }, { type: 'keyboard_type', text: 'hello mcp' }, { type: 'keyboard_press', key: 'END' },
    ] });
    expect(typed.isError, textOf(typed)).toBeFalsy();
    expect(await h.value(tab, "document.getElementById('text').value")).toBe('hello mcp');
  });

  it('browser_screenshot with markup: an image block that decodes, marked_elements in the text', async () => {
    await call(client, 'browser_tabs', { action: 'new', url: h.fixtures.url('/pages/marks.html') });
    const r = await call(client, 'browser_screenshot', { markup: ['clickable', 'typeable'] });
    expect(r.isError, textOf(r)).toBeFalsy();
    const [image] = imagesOf(r);
    expect(image!.mimeType).toBe('image/webp');
    const meta = await sharp(Buffer.from(image!.data, 'base64')).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 1280, height: 800 });
    const body = jsonOf(r);
    expect(body.result).toMatchObject({ status: 'screenshot' });
    expect(Array.isArray(body.screenshot.marked_elements)).toBe(true);
  });

  it('browser_javascript and browser_text read the page', async () => {
    await call(client, 'browser_navigate', { url: h.fixtures.url('/pages/click.html') });
    const js = await call(client, 'browser_javascript', { expression: 'document.title' });
    expect(jsonOf(js).result).toMatchObject({ type: 'string', value: 'Click Input Fixture' });
    expect(imagesOf(js)).toHaveLength(0);
    const text = await call(client, 'browser_text', { selector: 'title' });
    expect(jsonOf(text)).toEqual({ text: 'Click Input Fixture' });
  });

  it('every tool call runs the REST route through the runner (what history records)', async () => {
    const records: ActionRecord[] = [];
    const observer = (r: ActionRecord): void => { records.push(r); };
    h.daemon.runner.observers.add(observer);
    try {
      const r = await call(client, 'browser_clear_text', { x: 150, y: 195 });
      expect(r.isError, textOf(r)).toBeFalsy();
      const record = records.find((x) => x.actionId === jsonOf(r).action_id);
      expect(record).toMatchObject({ params: { x: 150, y: 195 } });
      expect(record!.envelope!.action_id).toBe(jsonOf(r).action_id);
    } finally {
      h.daemon.runner.observers.delete(observer);
    }
  });

  it('a failing call (unknown tab) is a tool result with isError, the message and the code', async () => {
    const r = await call(client, 'browser_action', { tab_id: 'NOPE', actions: [{ type: 'mouse_click', x: 10, y: 10 }] });
    expect(r.isError).toBe(true);
    const body = jsonOf(r);
    expect(body).toMatchObject({ code: 'TAB_NOT_FOUND' });
    expect(body.error).toContain('Tab not found: NOPE');
  });

  it('argument errors name the MCP argument; REST validation errors name the field', async () => {
    const missing = await call(client, 'browser_javascript', {});
    expect(missing.isError).toBe(true);
    expect(jsonOf(missing)).toMatchObject({ code: 'INVALID_PARAMS', error: expect.stringContaining('expression: required') });
    const badEnum = await call(client, 'browser_navigate', { action: 'sideways' });
    expect(jsonOf(badEnum).error).toContain('action: expected one of "back", "forward", "reload"');
    const deep = await call(client, 'browser_scroll', { x: 1, y: 1, scrolls: [{ delta_px: 'far', direction: 'y' }] });
    expect(deep.isError).toBe(true);
    expect(jsonOf(deep).error).toContain('scrolls');
  });

  it('an unknown tool is a JSON-RPC error', async () => {
    await expect(client.callTool({ name: 'browser_fly', arguments: {} })).rejects.toThrow(/Unknown tool: browser_fly/);
  });
});

describe('MCP over HTTP: the wire', () => {
  const rpc = (method: string, params: unknown = {}, id: number | null = 1) =>
    JSON.stringify(id === null ? { jsonrpc: '2.0', method, params } : { jsonrpc: '2.0', id, method, params });
  const post = (body: string, headers: Record<string, string> = {}) => h.raw('POST', '/mcp', {
    body, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
  });
  const initialize = () => post(rpc('initialize', { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'raw', version: '1' } }));

  it('initialize over raw HTTP: JSON answer, the client\'s protocol version, and an Mcp-Session-Id', async () => {
    const r = await initialize();
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/json');
    expect(r.headers.get('mcp-session-id')).toMatch(/^[0-9a-f-]{36}$/);
    const body = await r.json();
    expect(body.result).toMatchObject({ protocolVersion: '2025-03-26', serverInfo: { name: 'abpd' }, capabilities: { tools: {}, resources: {} } });
  });

  it('a notification gets 202 with an empty body', async () => {
    const session = (await initialize()).headers.get('mcp-session-id')!;
    const r = await post(rpc('notifications/initialized', undefined, null), { 'mcp-session-id': session });
    expect(r.status).toBe(202);
    expect(await r.text()).toBe('');
  });

  it('DELETE ends a session (204); a request with that id afterwards is still served', async () => {
    const session = (await initialize()).headers.get('mcp-session-id')!;
    const del = await h.raw('DELETE', '/mcp', { headers: { 'mcp-session-id': session } });
    expect(del.status).toBe(204);
    const after = await post(rpc('tools/list'), { 'mcp-session-id': session });
    expect(after.status).toBe(200);
    expect((await after.json()).result.tools.length).toBeGreaterThan(10);
  });

  it('no session header, and an Accept of only application/json, are accepted', async () => {
    const r = await post(rpc('ping'), { accept: 'application/json' });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
  });

  it('GET /mcp is 405 (no SSE stream)', async () => {
    const r = await h.raw('GET', '/mcp', { headers: { accept: 'text/event-stream' } });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST, DELETE');
  });

  it('Origin is validated: a foreign page is refused, the daemon\'s own origin is served', async () => {
    const evil = await post(rpc('tools/list'), { origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    const rebinding = await post(rpc('tools/list'), { origin: 'http://evil.example:8222', host: 'evil.example:8222' });
    expect(rebinding.status).toBe(403);
    const own = await post(rpc('tools/list'), { origin: 'http://127.0.0.1:8222' });
    expect(own.status).toBe(200);
  });

  it('an unparsable body is a JSON-RPC parse error, not a crash', async () => {
    const r = await post('{nope');
    expect(r.status).toBe(400);
    expect((await r.json()).error.code).toBe(-32700);
  });
});
