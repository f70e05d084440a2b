// MCP tool calls are REST calls underneath, so the history records them like any other action:
// same action ids, same types, tab commands included.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { call, connectHttp, jsonOf } from './mcpClient.ts';

let h: Harness;
let client: Client;
beforeAll(async () => {
  h = await startHarness({ history: true });
  ({ client } = await connectHttp(h));
});
afterAll(async () => { await client?.close(); await h?.close(); });

it('history records MCP tool calls with the action ids the tools returned', async () => {
  const opened = jsonOf(await call(client, 'browser_tabs', { action: 'new', url: h.fixtures.url('/pages/click.html') }));
  const clicked = jsonOf(await call(client, 'browser_action', { actions: [{ type: 'mouse_click', x: 100, y: 100 }] }));
  const r = await h.api('GET', '/history/actions?limit=10');
  expect(r.status).toBe(200);
  const rows = r.body.data.actions as { id: string; action_type: string; params: unknown; success: boolean }[];
  expect(rows.find((a) => a.id === clicked.action_id)).toMatchObject({
    action_type: 'batch', success: true, params: { actions: [{ type: 'mouse_click', x: 100, y: 100 }] },
  });
  expect(rows.find((a) => a.id === opened.action_id)).toMatchObject({ action_type: 'navigate', success: true });
  expect(rows.map((a) => a.action_type)).toContain('create_tab');
});
