// MCP tools for sessions: create, list, close, and tabs opened in a session (browser_tabs
// session_id), each with its MCP annotations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { call, connectHttp, jsonOf } from '../mcp/mcpClient.ts';

let h: Harness;
let client: Client;
beforeAll(async () => { h = await startHarness(); ({ client } = await connectHttp(h)); }, 60_000);
afterAll(async () => { await client?.close(); await h?.close(); });

describe('MCP session tools', () => {
  it('are listed with annotations', async () => {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect(byName.get('session_create')!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, openWorldHint: true });
    expect(byName.get('session_list')!.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true });
    expect(byName.get('session_close')!.annotations).toMatchObject({ destructiveHint: true });
    expect(byName.get('session_create')!.inputSchema.properties!.policies).toMatchObject({ type: 'object' });
    expect(byName.get('browser_tabs')!.inputSchema.properties!.session_id).toMatchObject({ type: 'string' });
  });

  it('create → open a tab there → list → close', async () => {
    const created = jsonOf(await call(client, 'session_create', { policies: { allow_js_eval: false }, labels: { by: 'mcp' } }));
    expect(created.session_id).toMatch(/^ses_/);
    const tab = await call(client, 'browser_tabs', { action: 'new', session_id: created.session_id });
    const tabId = jsonOf(tab).id;
    expect(h.daemon.host.getTab(tabId).sessionId).toBe(created.session_id);
    const listed = jsonOf(await call(client, 'browser_tabs', { action: 'list', session_id: created.session_id }));
    expect(listed.map((t: { id: string }) => t.id).sort()).toEqual([created.tab_id, tabId].sort());
    const refused = await call(client, 'browser_javascript', { script: '1', tab_id: tabId });
    expect(refused.isError).toBe(true);
    const sessions = jsonOf(await call(client, 'session_list', {}));
    expect(sessions.map((s: { session_id: string }) => s.session_id)).toContain(created.session_id);
    const one = jsonOf(await call(client, 'session_list', { session_id: created.session_id }));
    expect(one.tabs).toHaveLength(2);
    const closed = jsonOf(await call(client, 'session_close', { session_id: created.session_id }));
    expect(closed.status).toBe('terminated');
  }, 60_000);
});
