// The MCP pieces that need no browser: the tool table against the route table, argument checks,
// result conversion (before-frame dropped, images sized for models, truncation), limits, Origin.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { modelImageScale } from '../../markup/index.ts';
import { McpHttpEndpoint } from '../../daemon/mcp/http.ts';
import { DEFAULT_MCP_LIMITS, limitsFromEnv, type McpLimits } from '../../daemon/mcp/limits.ts';
import { originProblem } from '../../daemon/mcp/origin.ts';
import { formatJson, toToolResult } from '../../daemon/mcp/results.ts';
import { RouteIndex } from '../../daemon/mcp/routeIndex.ts';
import { buildCatalog } from '../../daemon/mcp/server.ts';
import { routePath } from '../../daemon/mcp/toolContext.ts';
import { checkArgs } from '../../daemon/mcp/toolSchema.ts';
import { TOOLS } from '../../daemon/mcp/tools.ts';
import { plugins } from '../../daemon/plugins.ts';
import { routeTable } from '../../daemon/routes/index.ts';
import { SESSION_TOOLS } from '../../daemon/mcp/sessionTools.ts';
import { SEMANTIC_TOOLS } from '../../daemon/mcp/semanticTools.ts';
import { createLogger } from '../../daemon/log.ts';

const allRoutes = [...routeTable, ...plugins.flatMap((p) => p.routes ?? [])];

describe('the tool table', () => {
  it('every route a tool names exists, and every argument taken from a route resolves', () => {
    const index = new RouteIndex(allRoutes);
    for (const tool of TOOLS) {
      for (const route of tool.routes) expect(index.has(route), `${tool.name}: ${route}`).toBe(true);
      for (const [name, spec] of Object.entries(tool.args)) {
        if (spec.from) {
          expect(tool.routes, `${tool.name}.${name}: ${spec.from} is not in routes`).toContain(spec.from);
          expect(index.field(spec.from, spec.field ?? name), `${tool.name}.${name} from ${spec.from}`).toBeDefined();
        }
      }
    }
  });

  it('offers every row of the tool table (the 19 of mcp.md and the later ones) when the daemon has every route, and drops a tool whose route is missing', () => {
    expect(TOOLS.length).toBeGreaterThanOrEqual(19 + SEMANTIC_TOOLS.length + SESSION_TOOLS.length);
    expect(buildCatalog(allRoutes).listing).toHaveLength(TOOLS.length);
    const withoutBatch = buildCatalog(allRoutes.filter((r) => r.path !== '/tabs/:id/batch'));
    expect(withoutBatch.byName.has('browser_action')).toBe(false);
    expect(withoutBatch.listing).toHaveLength(TOOLS.length - 1);
  });

  it('schemas come from the routes\' zod schemas (a changed limit shows up in the tool)', () => {
    const catalog = buildCatalog(allRoutes);
    const drag = catalog.byName.get('browser_action')!.args.get('actions')!.schema as { items: { oneOf: { properties: Record<string, unknown> }[] } };
    expect(drag.items.oneOf[2]!.properties.steps).toMatchObject({ type: 'integer', minimum: 1, maximum: 200 });
    const files = catalog.listing.find((t) => t.name === 'browser_files')!;
    expect(files.inputSchema.required).toEqual(['chooser_id']);
    expect(files.inputSchema.properties!.content_files).toMatchObject({ type: 'array', items: { required: ['filename', 'data'] } });
  });

  it('checkArgs names the MCP argument: required, type, enum', () => {
    const { args } = buildCatalog(allRoutes).byName.get('browser_navigate')!;
    expect(checkArgs({}, args)).toBeNull();
    expect(checkArgs({ url: 5 }, args)).toMatch(/^url: expected string/);
    expect(checkArgs({ action: 'up' }, args)).toMatch(/^action: expected one of "back", "forward", "reload"/);
    const scroll = buildCatalog(allRoutes).byName.get('browser_scroll')!.args;
    expect(checkArgs({ x: 1, y: 2 }, scroll)).toMatch(/^scrolls: required/);
  });

  it('routePath fills and encodes path parameters and builds the query', () => {
    expect(routePath('POST /tabs/:/click', { params: ['a/b'] })).toEqual({ method: 'POST', path: '/tabs/a%2Fb/click' });
    expect(routePath('GET /console', { query: { level: 'error', limit: 5, tab_id: undefined } })).toEqual({ method: 'GET', path: '/console?level=error&limit=5' });
    expect(() => routePath('GET /downloads/:', {})).toThrow(/missing a path parameter/);
  });
});

async function frame(width: number, height: number, format: 'png' | 'webp' | 'jpeg'): Promise<string> {
  const img = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } });
  return (await img.toFormat(format).toBuffer()).toString('base64');
}

describe('tool results', () => {
  const envelope = async (w: number, h: number, format: 'png' | 'webp') => ({
    action_id: 'A1', tab_id: 'T1', result: { status: 'clicked' }, events: [],
    screenshot_before: { data: await frame(w, h, format), width: w, height: h, format, virtual_time_ms: 1 },
    screenshot_after: { data: await frame(w, h, format), width: w, height: h, format, virtual_time_ms: 2, marked_elements: [] },
    timing: { duration_ms: 5 },
  });

  it('drops the before-frame, moves the after-frame into an image block, keeps its metadata as screenshot', async () => {
    const env = await envelope(1280, 800, 'webp');
    const r = await toToolResult({ status: 200, contentType: 'application/json', json: env }, DEFAULT_MCP_LIMITS);
    expect(r.isError).toBeUndefined();
    expect(r.content.map((b) => b.type)).toEqual(['text', 'image']);
    const text = JSON.parse((r.content[0] as { text: string }).text);
    expect(text.screenshot_before).toBeUndefined();
    expect(text.screenshot_after).toBeUndefined();
    expect(text.screenshot).toEqual({ width: 1280, height: 800, format: 'webp', marked_elements: [] });
    // Already WebP and within the limits: the very same bytes.
    expect((r.content[1] as { data: string }).data).toBe(env.screenshot_after.data);
    expect(Object.keys(text).slice(0, 2)).toEqual(['result', 'screenshot']);
  });

  it('scales a large frame to the limits, re-encodes it as WebP and says by how much', async () => {
    const env = await envelope(2400, 1600, 'png');
    const r = await toToolResult({ status: 200, contentType: 'application/json', json: env }, DEFAULT_MCP_LIMITS);
    const image = r.content[1] as { data: string; mimeType: string };
    expect(image.mimeType).toBe('image/webp');
    const meta = await sharp(Buffer.from(image.data, 'base64')).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(1568);
    expect(meta.width * meta.height).toBeLessThanOrEqual(DEFAULT_MCP_LIMITS.image.maxPixels);
    const text = JSON.parse((r.content[0] as { text: string }).text);
    expect(text.screenshot.image.scale).toBeCloseTo(meta.width / 2400, 3);
    expect(text.screenshot.width).toBe(2400);
  });

  it('custom limits: smaller images and shorter text, cut with a marker', async () => {
    const limits: McpLimits = { image: { maxSide: 320, maxPixels: 1e9, quality: 50 }, maxText: 120 };
    const env = { ...(await envelope(1280, 800, 'webp')), result: { status: 'x'.repeat(500) } };
    const r = await toToolResult({ status: 200, contentType: 'application/json', json: env }, limits);
    const meta = await sharp(Buffer.from((r.content[1] as { data: string }).data, 'base64')).metadata();
    expect(meta).toMatchObject({ width: 320, height: 200 });
    const text = (r.content[0] as { text: string }).text;
    expect(text.length).toBeLessThan(200);
    expect(text).toMatch(/\n\.\.\. \[truncated: \d+ more characters\]$/);
  });

  it('HTTP ≥ 400 is a result with isError and the error body', async () => {
    const r = await toToolResult({ status: 404, contentType: 'application/json', json: { error: 'Tab not found: X', code: 'TAB_NOT_FOUND' } }, DEFAULT_MCP_LIMITS);
    expect(r).toEqual({ isError: true, content: [{ type: 'text', text: '{"error":"Tab not found: X","code":"TAB_NOT_FOUND"}' }] });
  });

  it('binary replies: images become image blocks, other files resource blocks with their metadata as text', async () => {
    const png = Buffer.from(await frame(100, 50, 'png'), 'base64');
    const img = await toToolResult({ status: 200, contentType: 'image/png', binary: png, meta: { id: 'd1' } }, DEFAULT_MCP_LIMITS);
    expect(img.content.map((b) => b.type)).toEqual(['text', 'image']);
    const file = await toToolResult({ status: 200, contentType: 'text/csv', binary: Buffer.from('a,b\n'), meta: { id: 'd2', filename: 'x.csv' }, resourceUri: 'download://d2/x.csv' }, DEFAULT_MCP_LIMITS);
    expect(file.content[1]).toEqual({ type: 'resource', resource: { uri: 'download://d2/x.csv', mimeType: 'text/csv', blob: Buffer.from('a,b\n').toString('base64') } });
    expect(JSON.parse((file.content[0] as { text: string }).text)).toEqual({ id: 'd2', filename: 'x.csv' });
  });

  it('formatJson keeps short values on one line and breaks long lists one item per line', () => {
    expect(formatJson({ a: 1, b: [1, 2] })).toBe('{"a":1,"b":[1,2]}');
    const long = formatJson({ items: Array.from({ length: 20 }, (_, i) => ({ index: i, text: 'x'.repeat(20) })) });
    expect(long.split('\n')).toHaveLength(24);
    expect(JSON.parse(long).items).toHaveLength(20);
  });

  it('modelImageScale: never upscales, honours both the side and the area limit', () => {
    const limits = DEFAULT_MCP_LIMITS.image;
    expect(modelImageScale(1280, 800, limits)).toBe(1);
    expect(modelImageScale(3136, 400, limits)).toBeCloseTo(0.5, 5);
    expect(modelImageScale(1500, 1500, limits)).toBeCloseTo(Math.sqrt(limits.maxPixels / (1500 * 1500)), 5);
  });
});

describe('limits and Origin', () => {
  it('ABPD_MCP_* variables set the limits; bad values name the variable', () => {
    expect(limitsFromEnv({ ABPD_MCP_MAX_TEXT: '9000', ABPD_MCP_IMAGE_MAX_SIDE: '800' })).toMatchObject({ maxText: 9000, image: { maxSide: 800, quality: 80 } });
    expect(() => limitsFromEnv({ ABPD_MCP_IMAGE_QUALITY: '0' })).toThrow(/ABPD_MCP_IMAGE_QUALITY: use 1\.\.100/);
    expect(() => limitsFromEnv({ ABPD_MCP_MAX_TEXT: 'lots' })).toThrow(/ABPD_MCP_MAX_TEXT: expected a whole number/);
  });

  it('originProblem: no Origin or the daemon\'s own loopback origin pass; others and rebinding names do not', () => {
    expect(originProblem(null, '127.0.0.1:8222', [], [])).toBeNull();
    expect(originProblem('http://127.0.0.1:8222', '127.0.0.1:8222', [], [])).toBeNull();
    expect(originProblem('http://localhost:8222', 'localhost:8222', [], [])).toBeNull();
    expect(originProblem('http://localhost:3000', '127.0.0.1:8222', [], [])).toMatch(/--allowed-origin/);
    expect(originProblem('http://evil.example:8222', 'evil.example:8222', [], [])).not.toBeNull();
    expect(originProblem('null', '127.0.0.1:8222', [], [])).not.toBeNull();
    expect(originProblem('https://app.example', '127.0.0.1:8222', ['https://app.example'], [])).toBeNull();
  });

  it('/mcp refuses a foreign Origin itself, before any MCP server exists (no global middleware needed)', async () => {
    const endpoint = new McpHttpEndpoint({
      allowedOrigins: [], allowedHosts: [], log: createLogger('quiet'),
      newServer: () => { throw new Error('must not be reached'); },
    });
    const r = await endpoint.handle(new Request('http://127.0.0.1:8222/mcp', {
      method: 'POST', headers: { host: '127.0.0.1:8222', origin: 'http://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    }));
    expect(r.status).toBe(403);
    expect((await r.json()).error.message).toContain('evil.example');
  });
});
