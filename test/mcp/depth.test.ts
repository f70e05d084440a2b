// Issue 27 item 7: MCP arguments get the REST body limits. A 200k-deep argument was "Maximum call
// stack size exceeded. This is a bug in abpd"; it is a 400-equivalent tool error naming the limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

function deep(levels: number): string { return '{"a":'.repeat(levels) + '1' + '}'.repeat(levels); }

async function callTool(args: string, tool = 'browser_javascript'): Promise<any> {
  const body = `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"${tool}","arguments":${args}}}`;
  const r = await h.raw('POST', '/mcp', { body, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } });
  expect(r.status).toBe(200);
  return r.json();
}

describe('MCP argument limits are the REST limits', () => {
  it('a 200k-deep argument is a tool error naming the depth limit, not a crash', async () => {
    const tab = await h.openTab();
    for (const [tool, args] of [
      ['browser_javascript', `{"tab_id":"${tab}","expression":"1","extra":${deep(200_000)}}`],
      ['browser_javascript', `{"tab_id":"${tab}","expression":${deep(200_000)}}`], // was JSON-RPC -32603 (stack overflow)
      ['browser_action', `{"tab_id":"${tab}","actions":[${deep(200_000)}]}`], // was INTERNAL "This is a bug in abpd"
    ]) {
      const reply = await callTool(args!, tool);
      expect(reply.result?.isError, JSON.stringify(reply).slice(0, 300)).toBe(true);
      const text = reply.result.content[0].text as string;
      expect(text).toMatch(/deeper than 64 levels/);
      expect(text).toMatch(/INVALID_PARAMS/);
      expect(text).not.toMatch(/bug in abpd|call stack/i);
    }
  });

  it('65 levels are refused as REST refuses them; 60 are accepted', async () => {
    const tab = await h.openTab();
    const rest = await h.api('POST', `/tabs/${tab}/execute`, { script: '1', extra: JSON.parse(deep(65)) });
    expect(rest.status).toBe(400);
    const refused = await callTool(`{"tab_id":"${tab}","expression":"1","extra":${deep(65)}}`);
    expect(refused.result.isError).toBe(true);
    const fine = await callTool(`{"tab_id":"${tab}","expression":"1+1","extra":${deep(60)}}`);
    expect(fine.result.isError ?? false, JSON.stringify(fine)).toBe(false);
  });
});
