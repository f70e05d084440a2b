// How many characters a model reads per MCP tool result (the text block; images counted apart), for
// the usual calls of an agent's loop on a fixture page. Issue 23 item 10 reports these before/after.
// Usage: npx tsx bench/mcpResultSizes.ts
import { startHarness } from '../test/support/daemonHarness.ts';
import { call, connectHttp } from '../test/mcp/mcpClient.ts';

const h = await startHarness();
try {
  const { client } = await connectHttp(h);
  const page = h.fixtures.url('/pages/scroll.html');
  const steps: [string, Record<string, unknown>][] = [
    ['browser_tabs', { action: 'new', url: h.fixtures.url('/pages/click.html') }],
    ['browser_navigate', { url: page }],
    ['browser_action', { actions: [{ type: 'mouse_click', x: 100, y: 100 }] }],
    ['browser_scroll', { x: 200, y: 200, scrolls: [{ delta_px: 300, direction: 'y' }] }],
    ['browser_javascript', { expression: 'document.title' }],
    ['browser_screenshot', {}],
    ['browser_wait', { ms: 100 }],
    ['browser_tabs', { action: 'list' }],
  ];
  const rows: { tool: string; text_chars: number; images: number }[] = [];
  for (const [tool, args] of steps) {
    const result = await call(client, tool, args);
    const text = result.content.filter((b) => b.type === 'text').map((b) => (b as { text: string }).text).join('');
    rows.push({ tool: `${tool} ${JSON.stringify(args).replace(/http:\/\/[^"]+/g, 'URL')}`, text_chars: text.length, images: result.content.filter((b) => b.type === 'image').length });
    if (process.argv.includes('--show')) process.stderr.write(`--- ${tool}\n${text}\n`);
  }
  for (const r of rows) process.stdout.write(`${String(r.text_chars).padStart(6)}  ${r.images} img  ${r.tool}\n`);
  process.stdout.write(`${String(rows.reduce((s, r) => s + r.text_chars, 0)).padStart(6)}  total\n`);
  await client.close();
} finally { await h.close(); }
