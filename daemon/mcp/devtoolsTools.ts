// MCP tools for the DevTools features (issue 24): request log / HAR, PDF, emulation, request rules,
// storage, performance. Thin wrappers over
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
  {
    name: 'browser_emulate',
    description: 'Emulate on this tab: device (iphone_15, pixel_8, ipad, desktop_1920, default), color_scheme, reduced_motion, media (print), network (offline, slow_3g, fast_4g, none), timezone, locale, geolocation; null resets a field. Returns the settled page.',
    routes: ['POST /tabs/:/emulation'],
    argsFrom: { route: 'POST /tabs/:/emulation', omit: ['screenshot', 'wait_until'] },
    args: { tab_id: TAB },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    run: async (ctx) => ctx.call('POST /tabs/:/emulation', { params: [await tab(ctx)], body: Object.fromEntries(Object.entries(ctx.args).filter(([k]) => k !== 'tab_id')) }),
  },
  {
    name: 'browser_network_rules',
    description: 'Block or mock requests of this tab: set (rules: [{url_pattern with * wildcards, action block|fulfill, status, body, content_type}], replacing the old ones), list (with hits), clear.',
    routes: ['POST /tabs/:/network/rules', 'GET /tabs/:/network/rules', 'DELETE /tabs/:/network/rules'],
    args: { action: { schema: { type: 'string', enum: ['set', 'list', 'clear'], description: 'Default: list.' } }, rules: { from: 'POST /tabs/:/network/rules', required: false }, tab_id: TAB },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(ctx) {
      const id = await tab(ctx);
      const action = (ctx.args.action as string | undefined) ?? 'list';
      if (action === 'set') return ctx.call('POST /tabs/:/network/rules', { params: [id], body: { rules: ctx.args.rules ?? [] } });
      if (action === 'clear') return ctx.call('DELETE /tabs/:/network/rules', { params: [id] });
      return ctx.call('GET /tabs/:/network/rules', { params: [id] });
    },
  },
  {
    name: 'browser_storage',
    description: "Cookies of a session (cookies_list, cookies_set with cookies: [{name, value, url}], cookies_delete by name/domain) and this tab's localStorage/sessionStorage (storage_read, storage_clear; type local or session).",
    routes: ['GET /sessions/:/cookies', 'POST /sessions/:/cookies', 'DELETE /sessions/:/cookies', 'GET /tabs/:/storage', 'DELETE /tabs/:/storage'],
    args: {
      action: { schema: { type: 'string', enum: ['cookies_list', 'cookies_set', 'cookies_delete', 'storage_read', 'storage_clear'] }, required: true },
      session_id: { schema: { type: 'string', description: 'For cookies: the session (default: default).' } },
      cookies: { from: 'POST /sessions/:/cookies', required: false }, name: { schema: { type: 'string' } }, domain: { schema: { type: 'string' } },
      type: { schema: { type: 'string', enum: ['local', 'session'] } }, tab_id: TAB,
    },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    async run(ctx) {
      const session = String(ctx.args.session_id ?? 'default');
      switch (ctx.args.action) {
        case 'cookies_set': return ctx.call('POST /sessions/:/cookies', { params: [session], body: { cookies: ctx.args.cookies ?? [] } });
        case 'cookies_delete': return ctx.call('DELETE /sessions/:/cookies', { params: [session], query: str(ctx.args, ['name', 'domain']) });
        case 'storage_read': return ctx.call('GET /tabs/:/storage', { params: [await tab(ctx)], query: str(ctx.args, ['type']) });
        case 'storage_clear': return ctx.call('DELETE /tabs/:/storage', { params: [await tab(ctx)], query: str(ctx.args, ['type']) });
        default: return ctx.call('GET /sessions/:/cookies', { params: [session], query: str(ctx.args, ['name', 'domain']) });
      }
    },
  },
  {
    name: 'browser_performance',
    description: "Performance of this tab: trace_start, trace_stop (the trace file for Chrome DevTools' Performance panel, as a resource), vitals (LCP, CLS, INP, FCP, TTFB of the current document).",
    routes: ['POST /tabs/:/trace/start', 'POST /tabs/:/trace/stop', 'GET /tabs/:/vitals'],
    args: { action: { schema: { type: 'string', enum: ['trace_start', 'trace_stop', 'vitals'] }, required: true }, tab_id: TAB },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    async run(ctx) {
      const id = await tab(ctx);
      if (ctx.args.action === 'trace_start') return ctx.call('POST /tabs/:/trace/start', { params: [id], body: {} });
      if (ctx.args.action === 'trace_stop') return { ...(await ctx.call('POST /tabs/:/trace/stop', { params: [id] })), resourceUri: `abpd://tabs/${id}/trace.json` };
      return ctx.call('GET /tabs/:/vitals', { params: [id] });
    },
  },
];
