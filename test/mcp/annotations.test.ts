// MCP results and tools for models (issue 23 item 10): hints on every tool of the whole tool table
// (tools added later too), no array-typed `type` in any schema, browser_navigate requires url or
// action, a browser_click {x, y} tool, and text blocks without duplicated or machine-only fields.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MCP_LIMITS } from '../../daemon/mcp/limits.ts';
import { toToolResult } from '../../daemon/mcp/results.ts';
import { buildCatalog } from '../../daemon/mcp/server.ts';
import { TOOLS } from '../../daemon/mcp/tools.ts';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { call, connectHttp, jsonOf, textOf } from './mcpClient.ts';

let h: Harness;
let client: Client;
beforeAll(async () => { h = await startHarness(); ({ client } = await connectHttp(h)); });
afterAll(async () => { await client?.close(); await h?.close(); });

const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

function arrayTypes(schema: unknown, path = ''): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => arrayTypes(s, `${path}[${i}]`));
  if (typeof schema !== 'object' || schema === null) return [];
  return Object.entries(schema).flatMap(([k, v]) => (k === 'type' && Array.isArray(v) ? [`${path}.type`] : arrayTypes(v, `${path}.${k}`)));
}

describe('the tool table', () => {
  it('every tool (offered or not) has all four annotations as booleans', () => {
    const missing = TOOLS.flatMap((t) => HINTS.filter((hint) => typeof t.annotations?.[hint] !== 'boolean').map((hint) => `${t.name}.${hint}`));
    expect(missing, 'add annotations to these tools (daemon/mcp/tools.ts ANNOTATIONS)').toEqual([]);
  });

  it('tools/list carries them; read-only tools are the ones that only read', async () => {
    const { tools } = await client.listTools();
    for (const tool of tools) for (const hint of HINTS) expect(typeof tool.annotations?.[hint], `${tool.name}.${hint}`).toBe('boolean');
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect(byName.get('browser_screenshot')!.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(byName.get('browser_shutdown')!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, openWorldHint: false });
  });

  it('no schema of any tool has an array-typed "type"', () => {
    const catalog = buildCatalog(h.daemon.routes, TOOLS);
    const found = catalog.listing.flatMap((t) => arrayTypes(t.inputSchema).map((p) => `${t.name}${p}`));
    expect(found).toEqual([]);
  });

  it('browser_navigate\'s schema requires url or action', async () => {
    const { tools } = await client.listTools();
    const nav = tools.find((t) => t.name === 'browser_navigate')!;
    expect((nav.inputSchema as { anyOf?: unknown }).anyOf).toEqual([{ required: ['url'] }, { required: ['action'] }]);
  });
});

describe('browser_click', () => {
  it('clicks at (x, y) of the active tab: the page counts the click', async () => {
    await call(client, 'browser_tabs', { action: 'new', url: h.fixtures.url('/pages/click.html') });
    const r = await call(client, 'browser_click', { x: 100, y: 100 });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(jsonOf(r).result).toMatchObject({ status: 'clicked' });
    const clicks = await call(client, 'browser_javascript', { expression: 'window.clicks' });
    expect(jsonOf(clicks).result.value).toBe(1);
    const missing = await call(client, 'browser_click', { y: 100 });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toContain('x: required');
  });
});

describe('results for models', () => {
  it('browser_javascript of document.title: under 200 characters', async () => {
    await call(client, 'browser_tabs', { action: 'new', url: h.fixtures.url('/pages/scroll.html') });
    const text = textOf(await call(client, 'browser_javascript', { expression: 'document.title' }));
    expect(text.length, text).toBeLessThan(200);
    expect(JSON.parse(text).result.value).toBe('Scroll Fixture');
  });

  it('an action result: one scroll shape, no epoch timings, no virtual clock, no profiling, events without the tab id', async () => {
    const r = await call(client, 'browser_navigate', { url: h.fixtures.url('/pages/scroll.html') });
    const body = jsonOf(r);
    expect(Object.keys(body.scroll).sort()).toEqual(['page_height', 'page_width', 'viewport_height', 'viewport_width', 'x', 'y']);
    for (const key of ['timing', 'profiling', 'virtual_time', 'settle']) expect(body[key], key).toBeUndefined();
    expect(body.screenshot).toEqual({ width: 1280, height: 800, format: 'webp' });
    const nav = body.events.find((e: any) => e.type === 'navigation');
    expect(nav.virtual_time_ms).toBeUndefined();
    expect(nav.data.tab_id).toBeUndefined();
    expect(nav.data.url).toContain('/pages/scroll.html');
    expect(textOf(r)).not.toMatch(/scrollX|horizontal_px|action_started_ms|base_ticks_ms/);
  });

  it('--mcp-profiling 1 (limits.details) keeps settle, timing and profiling', async () => {
    const envelope = { action_id: 'A1', tab_id: 'T1', result: {}, events: [], settle: { reason: 'quiet', waited_ms: 3, pending_requests: 0 }, timing: { duration_ms: 5 }, profiling: { total_ms: 5 } };
    const plain = JSON.parse(((await toToolResult({ status: 200, contentType: 'application/json', json: envelope }, DEFAULT_MCP_LIMITS)).content[0] as { text: string }).text);
    expect(plain.profiling).toBeUndefined();
    const detailed = JSON.parse(((await toToolResult({ status: 200, contentType: 'application/json', json: envelope }, { ...DEFAULT_MCP_LIMITS, details: true })).content[0] as { text: string }).text);
    expect(detailed).toMatchObject({ settle: envelope.settle, timing: envelope.timing, profiling: envelope.profiling });
  });

  it('a settle that hit a cap is still said', async () => {
    const envelope = { action_id: 'A1', tab_id: 'T1', result: {}, events: [], settle: { reason: 'cap', waited_ms: 10000, pending_requests: 2 } };
    const text = JSON.parse(((await toToolResult({ status: 200, contentType: 'application/json', json: envelope }, DEFAULT_MCP_LIMITS)).content[0] as { text: string }).text);
    expect(text.settle).toEqual({ reason: 'cap', pending_requests: 2 });
  });
});
