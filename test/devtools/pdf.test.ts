// Issue 24 "PDF": POST /tabs/{id}/pdf answers a file beginning %PDF with the page's text (decoded
// from the PDF's own text operators), paper size and page ranges take effect, bad input is a 400;
// the browser_pdf and browser_network MCP tools carry their annotations and answer.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { pdfText } from '../support/pdfText.ts';
import { call, connectHttp, jsonOf } from '../mcp/mcpClient.ts';

let h: Harness;
let client: Client;
beforeAll(async () => { h = await startHarness(); ({ client } = await connectHttp(h)); });
afterAll(async () => { await client?.close(); await h?.close(); });

const mediaBox = (pdf: Buffer) => /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'))!.slice(1).map(Number);

describe('POST /tabs/{id}/pdf', () => {
  it('is a PDF with the page\'s text, in the paper size asked for', async () => {
    const tab = await h.openTab('/pages/devtools.html');
    const r = await h.api('POST', `/tabs/${tab}/pdf`, { paper: 'a4', margin_in: { top: 1, left: 0.5 }, background: true, page_ranges: '1' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    const pdf = r.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfText(pdf).replace(/\s/g, '')).toContain('DevToolsfixturetext');
    const [w, hgt] = mediaBox(pdf);
    expect(Math.round(w! / 72 * 100) / 100).toBeCloseTo(8.27, 1); // points → inches
    expect(Math.round(hgt! / 72 * 100) / 100).toBeCloseTo(11.69, 1);

    const landscape = await h.api('POST', `/tabs/${tab}/pdf`, { paper: 'letter', landscape: true });
    const [lw, lh] = mediaBox(landscape.body as Buffer);
    expect(lw! > lh!).toBe(true);
  });

  it('names the field on bad input', async () => {
    const tab = await h.openTab('/pages/devtools.html');
    const past = await h.api('POST', `/tabs/${tab}/pdf`, { page_ranges: '9' });
    expect(past.status).toBe(400);
    expect(past.body.error).toContain('page_ranges');
    const paper = await h.api('POST', `/tabs/${tab}/pdf`, { paper: 'b7' });
    expect(paper.status).toBe(400);
    expect(JSON.stringify(paper.body)).toContain('paper');
    const both = await h.api('POST', `/tabs/${tab}/pdf`, { paper: 'a4', width_in: 5 });
    expect(both.status).toBe(400);
  });

  it('browser_pdf and browser_network are MCP tools with all four annotations', async () => {
    const { tools } = await client.listTools();
    for (const name of ['browser_pdf', 'browser_network']) {
      const tool = tools.find((t) => t.name === name)!;
      expect(tool, name).toBeDefined();
      expect(tool.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false });
    }
    const tab = await h.openTab('/pages/devtools.html');
    const printed = await call(client, 'browser_pdf', { tab_id: tab, paper: 'a5' });
    expect(printed.isError).toBeFalsy();
    const resource = printed.content.find((c) => c.type === 'resource') as any;
    expect(resource.resource.mimeType).toBe('application/pdf');
    expect(Buffer.from(resource.resource.blob, 'base64').subarray(0, 4).toString()).toBe('%PDF');
    const listed = jsonOf(await call(client, 'browser_network', { tab_id: tab, type: 'Document' }));
    expect(listed.requests.map((r: any) => new URL(r.url).pathname)).toEqual(['/pages/devtools.html']);
  });
});
