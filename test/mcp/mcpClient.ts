// Helpers for the MCP tests: an SDK client over Streamable HTTP against the in-process app (its fetch
// goes to daemon.app.request), and readers for tool results.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Harness } from '../support/daemonHarness.ts';

export const MCP_URL = 'http://127.0.0.1:8222/mcp';

/** fetch for the SDK that never leaves the process (the harness daemon does not listen). */
export function inProcessFetch(h: Harness, extraHeaders: Record<string, string> = {}) {
  return async (url: string | URL, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    headers.set('host', '127.0.0.1:8222');
    for (const [k, v] of Object.entries(extraHeaders)) headers.set(k, v);
    return h.daemon.app.request(String(url), { ...init, headers });
  };
}

export async function connectHttp(h: Harness): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(MCP_URL), { fetch: inProcessFetch(h) });
  const client = new Client({ name: 'abpd-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

export function textOf(result: CallToolResult): string {
  const block = result.content.find((b) => b.type === 'text');
  if (!block || block.type !== 'text') throw new Error(`no text block in ${JSON.stringify(result).slice(0, 300)}`);
  return block.text;
}

export function jsonOf<T = any>(result: CallToolResult): T {
  return JSON.parse(textOf(result)) as T;
}

export function imagesOf(result: CallToolResult): { data: string; mimeType: string }[] {
  return result.content.flatMap((b) => (b.type === 'image' ? [{ data: b.data, mimeType: b.mimeType }] : []));
}

export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return await client.callTool({ name, arguments: args }) as CallToolResult;
}
