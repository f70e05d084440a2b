// MCP tools for the DevTools features (issue 24): the request log / HAR, and PDF. Thin wrappers over
// the REST rows (daemon/routes/networkRoutes.ts, pdfRoute.ts); annotations on every row.
import type { ArgSpec, ToolContext, ToolDef, ToolReply } from './toolSchema.ts';

const TAB: ArgSpec = { schema: { type: 'string' } };

function pick(args: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((n) => args[n] !== undefined).map((n) => [n, args[n]]));
}
const str = (args: Record<string, unknown>, names: string[]): Record<string, string> =>
  Object.fromEntries(Object.entries(pick(args, names)).map(([k, v]) => [k, String(v)]));

async function tab(ctx: ToolContext): Promise<string> { return ctx.tabId(); }

export const DEVTOOLS_TOOLS: ToolDef[] = [
  {
    name: 'browser_network',
    description: "The tab's network requests: list (default; filter by type e.g. Fetch,XHR, status e.g. 404, 4xx or failed, after_id for new ones since), request (one by request_id with headers; body: true adds the response body, capped), har (the whole log as a HAR 1.2 file).",
    routes: ['GET /tabs/:/network', 'GET /tabs/:/network/:', 'GET /tabs/:/network.har'],
    args: {
      action: { schema: { type: 'string', enum: ['list', 'request', 'har'], description: 'Default: list.' } },
      type: { schema: { type: 'string', description: 'Resource types, comma-separated: Document, Script, Stylesheet, Image, Fetch, XHR…' } },
      status: { schema: { type: 'string', description: 'An HTTP status (404), a class (4xx), failed, pending or redirected.' } },
      after_id: { schema: { type: 'integer', minimum: 0 } },
      request_id: { schema: { type: 'integer', minimum: 1, description: 'For request: an id from list.' } },
      body: { schema: { type: 'boolean', description: 'For request: include the response body.' } },
      max_body_bytes: { schema: { type: 'integer', minimum: 1, maximum: 5_242_880 } },
      tab_id: TAB,
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(ctx): Promise<ToolReply> {
      const action = (ctx.args.action as string | undefined) ?? 'list';
      const id = await tab(ctx);
      if (action === 'har') return { ...(await ctx.call('GET /tabs/:/network.har', { params: [id] })), resourceUri: `abpd://tabs/${id}/network.har` };
      if (action === 'request') {
        return ctx.call('GET /tabs/:/network/:', { params: [id, String(ctx.args.request_id ?? '')], query: str(ctx.args, ['body', 'max_body_bytes']) });
      }
      return ctx.call('GET /tabs/:/network', { params: [id], query: str(ctx.args, ['type', 'status', 'after_id']) });
    },
  },
  {
    name: 'browser_pdf',
    description: 'Print the page to a PDF file (returned as an embedded resource): paper (letter, legal, tabloid, a3, a4, a5) or width_in × height_in, margin_in, background (print CSS backgrounds), page_ranges like "1-3, 5", landscape, scale.',
    routes: ['POST /tabs/:/pdf'],
    argsFrom: { route: 'POST /tabs/:/pdf', omit: [] },
    args: { tab_id: TAB },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(ctx): Promise<ToolReply> {
      const id = await tab(ctx);
      const reply = await ctx.call('POST /tabs/:/pdf', { params: [id], body: Object.fromEntries(Object.entries(ctx.args).filter(([k]) => k !== 'tab_id')) });
      return { ...reply, resourceUri: `abpd://tabs/${id}/page.pdf` };
    },
  },
];
