// The ids everywhere (semantic.md §4): marked_elements carry agent_id, MCP browser_observe /
// browser_act / browser_wait_for answer in the text form with annotations, history records them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { call, connectHttp, textOf } from '../mcp/mcpClient.ts';
import { ok } from '../support/routeHelpers.ts';
import { observe } from './helpers.ts';

let h: Harness;
let client: Client;
beforeAll(async () => { h = await startHarness({ history: true }); ({ client } = await connectHttp(h)); });
afterAll(async () => { await client?.close(); await h?.close(); });

describe('ids everywhere', () => {
  it('marked_elements carry the agent_id of the same registry (mark_labels: agent_id, or once observed)', async () => {
    const tab = await h.openTab('/pages/semantic/basic.html');
    const shot = ok(await h.api('POST', `/tabs/${tab}/screenshot`, { screenshot: { markup: ['clickable', 'typeable'], mark_labels: 'agent_id' } }));
    const marked = shot.screenshot_after.marked_elements as any[];
    const ids = marked.map((m) => m.agent_id);
    expect(ids).toEqual(expect.arrayContaining(['search_txt', 'search_btn', 'home_lnk']));
    const o = await observe(h, tab);
    const search = o.elements.find((e: any) => e.agent_id === 'search_btn');
    const m = marked.find((x) => x.agent_id === 'search_btn');
    expect(Math.abs(m.center.x - search.center.x)).toBeLessThan(3);
    const again = ok(await h.api('POST', `/tabs/${tab}/screenshot`, { screenshot: { markup: ['clickable'], format: 'png' } }));
    expect(again.screenshot_after.marked_elements.find((x: any) => x.agent_id === 'search_btn')).toBeDefined();
    // The drawn labels: numbers by default (ABP's look), the ids when asked.
    const labelled = ok(await h.api('POST', `/tabs/${tab}/screenshot`, { screenshot: { markup: ['clickable'], format: 'png', mark_labels: 'agent_id' } }));
    expect(labelled.screenshot_after.data).not.toBe(again.screenshot_after.data);
    const plainAgain = ok(await h.api('POST', `/tabs/${tab}/screenshot`, { screenshot: { markup: ['clickable'], format: 'png' } }));
    expect(plainAgain.screenshot_after.data).toBe(again.screenshot_after.data);
  });

  it('MCP tools answer in the text form, carry annotations, and history records observe/act', async () => {
    const listed = await client.listTools();
    const byName = Object.fromEntries(listed.tools.map((t) => [t.name, t]));
    expect(byName.browser_observe?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(byName.browser_act?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, openWorldHint: true });
    expect(byName.browser_wait_for?.annotations).toMatchObject({ readOnlyHint: true });
    await call(client, 'browser_tabs', { action: 'new', url: h.fixtures.url('/pages/semantic/basic.html') });
    const observed = textOf(await call(client, 'browser_observe', {}));
    expect(observed).toMatch(/^page: Semantic Basic — /);
    expect(observed).toMatch(/\n {4}\[search_btn\] button "Search" @\d+,\d+\n/);
    const acted = textOf(await call(client, 'browser_act', { agent_id: 'search_txt', action: 'fill', text: 'mcp' }));
    expect(acted).toMatch(/^fill \[search_txt\] at @\d+,\d+\nchanged:\n~ \[search_txt\] searchbox "Search" focused required value="mcp"/);
    const waited = textOf(await call(client, 'browser_wait_for', { condition: { text: 'Basic page' }, timeout_ms: 2000 }));
    expect(waited).toMatch(/^met after \d+ ms/);
    const refused = await call(client, 'browser_act', { agent_id: 'nope_btn', action: 'click' });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('ELEMENT_NOT_FOUND');
    const rows = (await h.api('GET', '/history/actions?limit=20')).body.data.actions as any[];
    const types = rows.map((a) => a.action_type);
    expect(types).toEqual(expect.arrayContaining(['observe', 'act', 'wait_for']));
    expect(rows.find((a) => a.action_type === 'act' && a.success)).toMatchObject({ params: { agent_id: 'search_txt', action: 'fill' } });
  });
});
