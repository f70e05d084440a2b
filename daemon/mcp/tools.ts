// The MCP tool table (mcp.md "Tools"): names, descriptions and arguments, each tool a thin wrapper
// over REST routes of daemon/routes (by `METHOD /path` key). Argument schemas come from the routes'
// zod schemas (toolSchema.ts); calls go through the REST layer (dispatch.ts), so history sees them.
import { MARKUP_TYPES } from '../screenshotOptions.ts';
import { BATCH_ITEM_ROUTES, batchActionsSchema } from './batchSchema.ts';
import { SEMANTIC_TOOLS } from './semanticTools.ts';
import { taskTool } from './taskTool.ts';
import { errorReply, type ArgSpec, type ToolContext, type ToolDef, type ToolReply } from './toolSchema.ts';
import { SESSION_TOOLS } from './sessionTools.ts';
import { DEVTOOLS_TOOLS } from './devtoolsTools.ts';

const TAB: ArgSpec = { schema: { type: 'string' } };
const choice = (values: string[], description: string): ArgSpec => ({ schema: { type: 'string', enum: values, description } });
const markupList: ArgSpec = { schema: { type: 'array', items: { type: 'string', enum: [...MARKUP_TYPES] } } };
const STEP = 'Returns the settled page: result, events, and the screenshot taken after the page finished reacting.';

function pick(args: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((n) => args[n] !== undefined).map((n) => [n, args[n]]));
}
function without(args: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([n]) => !names.includes(n)));
}
async function onTab(ctx: ToolContext, route: string, body?: Record<string, unknown>): Promise<ToolReply> {
  return ctx.call(route, { params: [await ctx.tabId()], body });
}
const invalid = (message: string): ToolReply => errorReply(400, 'INVALID_PARAMS', message);

/** The MCP hints, all four always given. openWorld: the tool reaches web pages (not only the daemon). */
const hints = (readOnly: boolean, destructive: boolean, idempotent: boolean, openWorld = true) =>
  ({ readOnlyHint: readOnly, destructiveHint: destructive, idempotentHint: idempotent, openWorldHint: openWorld });
const READS_PAGE = hints(true, false, true);
const ACTS = hints(false, true, false); // input a page reacts to: may submit, buy, delete
const MOVES = hints(false, false, false); // changes what is shown, destroys nothing
const ANNOTATIONS: Record<string, ReturnType<typeof hints>> = {
  browser_action: ACTS, browser_click: ACTS, browser_scroll: MOVES, browser_navigate: MOVES, browser_screenshot: READS_PAGE,
  browser_wait: MOVES, browser_tabs: hints(false, true, false), browser_javascript: ACTS, browser_text: READS_PAGE,
  browser_dialog: ACTS, browser_downloads: hints(false, true, false), browser_files: ACTS, browser_select_picker: MOVES,
  browser_datetime_picker: MOVES, browser_slider: MOVES, browser_clear_text: ACTS, respond_to_permission: hints(false, false, false),
  browser_console: hints(false, true, false, false), browser_get_status: hints(true, false, true, false),
  browser_shutdown: hints(false, true, true, false),
};

const ROWS: ToolDef[] = [
  {
    name: 'browser_action',
    description: `Click, hover, drag, type and press keys: 1..N inputs run in order as ONE atomic step. Coordinates are pixels of the last screenshot. Keys are upper case names (ENTER, TAB, ESC, BACKSPACE, ARROWDOWN, PGDN, CTRL, CMD, A-Z, F1-F12...). ${STEP}`,
    routes: ['POST /tabs/:/batch', ...BATCH_ITEM_ROUTES],
    args: { actions: { schema: batchActionsSchema, required: true }, tab_id: TAB, screenshot: { from: 'POST /tabs/:/batch' } },
    run: (ctx) => onTab(ctx, 'POST /tabs/:/batch', without(ctx.args, ['tab_id'])),
  },
  {
    name: 'browser_click',
    description: `Click at (x, y), pixels of the last screenshot: the same as browser_action with one mouse_click. button right/middle, click_count 2 = double click, modifiers held. ${STEP}`,
    routes: ['POST /tabs/:/click'],
    args: {
      x: { from: 'POST /tabs/:/click' }, y: { from: 'POST /tabs/:/click' }, button: { from: 'POST /tabs/:/click' },
      click_count: { from: 'POST /tabs/:/click' }, modifiers: { from: 'POST /tabs/:/click' }, tab_id: TAB,
    },
    run: (ctx) => onTab(ctx, 'POST /tabs/:/click', pick(ctx.args, ['x', 'y', 'button', 'click_count', 'modifiers'])),
  },
  {
    name: 'browser_scroll',
    description: `Scroll with the mouse wheel at (x, y): the element under that point scrolls. delta_px > 0 scrolls down (y) or right (x). ${STEP}`,
    routes: ['POST /tabs/:/scroll'],
    args: { x: { from: 'POST /tabs/:/scroll' }, y: { from: 'POST /tabs/:/scroll' }, scrolls: { from: 'POST /tabs/:/scroll', required: true }, tab_id: TAB },
    run: (ctx) => onTab(ctx, 'POST /tabs/:/scroll', pick(ctx.args, ['x', 'y', 'scrolls'])),
  },
  {
    name: 'browser_navigate',
    description: `Load a URL in the tab, or go back / forward / reload. Waits for the page to load. ${STEP}`,
    routes: ['POST /tabs/:/navigate', 'POST /tabs/:/back', 'POST /tabs/:/forward', 'POST /tabs/:/reload'],
    args: { url: { from: 'POST /tabs/:/navigate', required: false }, action: choice(['back', 'forward', 'reload'], 'Instead of url: history navigation or reload.'), tab_id: TAB },
    // One of the two: a schema-aware host asks for it before calling.
    schemaExtra: { anyOf: [{ required: ['url'] }, { required: ['action'] }] },
    async run(ctx) {
      if (typeof ctx.args.url === 'string') return onTab(ctx, 'POST /tabs/:/navigate', { url: ctx.args.url });
      if (ctx.args.action) return onTab(ctx, `POST /tabs/:/${ctx.args.action as string}`, {});
      return invalid('url: required (or action: back, forward or reload)');
    },
  },
  {
    name: 'browser_screenshot',
    description: 'Take a screenshot of the tab without acting (the page does not run). Use markup to get numbered boxes on interactive elements and their click coordinates in marked_elements.',
    routes: ['POST /tabs/:/screenshot'],
    args: { markup: markupList, disable_markup: markupList, format: { from: 'POST /tabs/:/screenshot', field: 'screenshot.format' }, tab_id: TAB },
    run: (ctx) => onTab(ctx, 'POST /tabs/:/screenshot', { screenshot: pick(ctx.args, ['markup', 'disable_markup', 'format']) }),
  },
  {
    name: 'browser_wait',
    description: `Let the page run: for ms milliseconds, or (without ms) until its network requests finish (animation: true = at least 5 s). Use it for timers, animations, slow loads. ${STEP}`,
    routes: ['POST /tabs/:/wait', 'POST /tabs/:/wait_for_network'],
    args: { ms: { from: 'POST /tabs/:/wait', required: false }, animation: { from: 'POST /tabs/:/wait_for_network' }, tab_id: TAB },
    run: (ctx) => ctx.args.ms !== undefined
      ? onTab(ctx, 'POST /tabs/:/wait', { ms: ctx.args.ms })
      : onTab(ctx, 'POST /tabs/:/wait_for_network', pick(ctx.args, ['animation'])),
  },
  {
    name: 'browser_tabs',
    description: 'Tabs: list (default), new (opens and makes it active; with url, loads it and returns the page), close, info, activate (later calls without tab_id go there), stop (stop loading). With session_id, list and new work in that session (see session_create).',
    routes: ['GET /tabs', 'POST /tabs', 'DELETE /tabs/:', 'GET /tabs/:', 'POST /tabs/:/activate', 'POST /tabs/:/stop', 'POST /tabs/:/navigate'],
    args: { action: choice(['list', 'new', 'close', 'info', 'activate', 'stop'], 'Default: list.'), tab_id: TAB, url: { from: 'POST /tabs', description: 'For new: the page to load.' },
      session_id: { from: 'POST /tabs', description: 'For list and new: the session (default: the default session).' } },
    async run(ctx) {
      const action = (ctx.args.action as string | undefined) ?? 'list';
      if (action === 'list') return ctx.call('GET /tabs', { query: pick(ctx.args, ['session_id']) });
      if (action === 'new') return newTab(ctx);
      const route = { close: 'DELETE /tabs/:', info: 'GET /tabs/:', activate: 'POST /tabs/:/activate', stop: 'POST /tabs/:/stop' }[action]!;
      return ctx.call(route, { params: [await ctx.tabId()] });
    },
  },
  {
    name: 'browser_javascript',
    description: 'Evaluate a JavaScript expression in the page and return its value (JSON). Promises are awaited. Reading the page does not advance its clock; a thrown error comes back as result.exception.',
    routes: ['POST /tabs/:/execute'],
    args: { expression: { from: 'POST /tabs/:/execute', field: 'script', required: true, description: 'JavaScript expression, e.g. "document.title" or "[...document.querySelectorAll(\'a\')].length".' }, tab_id: TAB },
    run: (ctx) => onTab(ctx, 'POST /tabs/:/execute', { script: ctx.args.expression, screenshot: { area: 'none' } }),
  },
  {
    name: 'browser_text',
    description: 'The visible text (innerText) of the page, or of the first element matching a CSS selector (null if none matches).',
    routes: ['POST /tabs/:/text'],
    args: { selector: { from: 'POST /tabs/:/text' }, max_chars: { from: 'POST /tabs/:/text' }, tab_id: TAB },
    run: (ctx) => onTab(ctx, 'POST /tabs/:/text', pick(ctx.args, ['selector', 'max_chars'])),
  },
  {
    name: 'browser_dialog',
    description: 'JavaScript dialogs (alert, confirm, prompt, beforeunload) block the page until handled: check (default) shows the pending one, accept (with prompt_text for prompt) or dismiss it.',
    routes: ['GET /tabs/:/dialog', 'POST /tabs/:/dialog/accept', 'POST /tabs/:/dialog/dismiss'],
    args: { action: choice(['check', 'accept', 'dismiss'], 'Default: check.'), prompt_text: { from: 'POST /tabs/:/dialog/accept', schema: { type: 'string' } }, tab_id: TAB },
    async run(ctx) {
      const action = (ctx.args.action as string | undefined) ?? 'check';
      if (action === 'check') return onTab(ctx, 'GET /tabs/:/dialog');
      return onTab(ctx, `POST /tabs/:/dialog/${action}`, action === 'accept' ? pick(ctx.args, ['prompt_text']) : {});
    },
  },
  {
    name: 'browser_downloads',
    description: 'Downloads started by pages: list (default; filter by state), status of one, cancel one, or content (the file itself; images come back as images).',
    routes: ['GET /downloads', 'GET /downloads/:', 'POST /downloads/:/cancel', 'GET /downloads/:/content'],
    args: {
      action: choice(['list', 'status', 'cancel', 'content'], 'Default: list.'), download_id: { schema: { type: 'string' } },
      state: choice(['in_progress', 'completed', 'cancelled', 'failed'], 'For list: only downloads in this state.'),
      limit: { schema: { type: 'integer', minimum: 1, description: 'For list: at most this many (default 100).' } },
      max_size: { schema: { type: 'integer', minimum: 1, description: 'For content: refuse files larger than this many bytes (default 10 MiB).' } },
    },
    async run(ctx) {
      const action = (ctx.args.action as string | undefined) ?? 'list';
      if (action === 'list') return ctx.call('GET /downloads', { query: pick(ctx.args, ['state', 'limit']) });
      const id = ctx.args.download_id;
      if (typeof id !== 'string' || id === '') return invalid(`download_id: required for ${action} (see browser_downloads {"action": "list"})`);
      if (action === 'status') return ctx.call('GET /downloads/:', { params: [id] });
      if (action === 'cancel') return ctx.call('POST /downloads/:/cancel', { params: [id] });
      const record = await ctx.call('GET /downloads/:', { params: [id] });
      if (record.status >= 400) return record;
      const content = await ctx.call('GET /downloads/:/content', { params: [id], query: pick(ctx.args, ['max_size']) });
      const r = record.json as { filename?: string };
      return { ...content, meta: record.json, resourceUri: `download://${encodeURIComponent(id)}/${encodeURIComponent(r.filename ?? 'file')}` };
    },
  },
  {
    name: 'browser_files',
    description: `Answer a file chooser (event file_chooser, id fc_N): files (absolute paths, if the daemon allows), content_files (base64 data), path (save dialogs), or cancel. ${STEP}`,
    routes: ['POST /file-chooser/:'],
    args: { chooser_id: { schema: { type: 'string' }, required: true }, files: { from: 'POST /file-chooser/:' }, content_files: { from: 'POST /file-chooser/:' }, path: { from: 'POST /file-chooser/:' }, cancel: { from: 'POST /file-chooser/:' } },
    run: (ctx) => ctx.call('POST /file-chooser/:', { params: [ctx.args.chooser_id as string], body: without(ctx.args, ['chooser_id']) }),
  },
  {
    name: 'browser_select_picker',
    description: 'Choose options in a <select> popup (event select_open, id sp_N) by item index, or cancel it.',
    routes: ['POST /select/:'],
    args: { popup_id: { schema: { type: 'string' }, required: true }, indices: { from: 'POST /select/:', schema: { type: 'array', items: { type: 'integer' } } }, cancel: { from: 'POST /select/:', schema: { type: 'boolean' } } },
    run: (ctx) => ctx.call('POST /select/:', { params: [ctx.args.popup_id as string], body: pick(ctx.args, ['indices', 'cancel']) }),
  },
  {
    name: 'browser_datetime_picker',
    description: 'Answer a date/time picker (event datetime_picker_open, id dtp_N): choose a value (2026-06-15, 14:45, 2026-06-15T14:45, 2026-06, 2026-W25) or cancel.',
    routes: ['POST /datetime-picker/:'],
    args: { popup_id: { schema: { type: 'string' }, required: true }, action: { ...choice(['choose', 'cancel'], 'choose needs value.'), required: true }, value: { from: 'POST /datetime-picker/:', schema: { type: 'string' } } },
    run: (ctx) => ctx.call('POST /datetime-picker/:', { params: [ctx.args.popup_id as string], body: ctx.args.action === 'cancel' ? { cancel: true } : pick(ctx.args, ['value']) }),
  },
  {
    name: 'browser_slider',
    description: `Drag a slider thumb to a value: give orientation, min, max, target_value and the track (horizontal: y, x_start, x_end, current_x; vertical: x, y_start, y_end, current_y). ${STEP}`,
    routes: ['POST /tabs/:/slider'],
    argsFrom: { route: 'POST /tabs/:/slider', omit: ['screenshot', 'wait_until'] },
    args: { tab_id: TAB },
    run: (ctx) => onTab(ctx, 'POST /tabs/:/slider', without(ctx.args, ['tab_id'])),
  },
  {
    name: 'browser_clear_text',
    description: `Clear a text field: click it at (x, y), select all, delete. ${STEP}`,
    routes: ['POST /tabs/:/clear-text'],
    args: { x: { from: 'POST /tabs/:/clear-text' }, y: { from: 'POST /tabs/:/clear-text' }, tab_id: TAB },
    run: (ctx) => onTab(ctx, 'POST /tabs/:/clear-text', pick(ctx.args, ['x', 'y'])),
  },
  {
    name: 'respond_to_permission',
    description: 'Grant or deny a held permission prompt (event permission_requested, id perm_N). Geolocation needs latitude and longitude.',
    routes: ['POST /permissions/:/grant', 'POST /permissions/:/deny'],
    args: {
      permission_id: { schema: { type: 'string' }, required: true }, permission_type: { schema: { type: 'string' }, required: true },
      allow: { schema: { type: 'boolean' }, required: true },
      latitude: { from: 'POST /permissions/:/grant', schema: { type: 'number' } }, longitude: { from: 'POST /permissions/:/grant', schema: { type: 'number' } },
      accuracy: { from: 'POST /permissions/:/grant', schema: { type: 'number', description: 'Metres (default 100).' } },
    },
    run: (ctx) => ctx.call(`POST /permissions/:/${ctx.args.allow ? 'grant' : 'deny'}`, {
      params: [ctx.args.permission_id as string],
      body: pick(ctx.args, ctx.args.allow ? ['permission_type', 'latitude', 'longitude', 'accuracy'] : ['permission_type']),
    }),
  },
  {
    name: 'browser_console',
    description: 'Console messages of the pages (all tabs unless tab_id): filter by minimum level and a case-insensitive pattern, page with after_id; clear: true empties the buffer.',
    routes: ['GET /console', 'DELETE /console'],
    args: {
      level: choice(['verbose', 'info', 'warning', 'error'], 'Minimum level.'), pattern: { schema: { type: 'string', description: 'Regular expression matched against the message.' } },
      limit: { schema: { type: 'integer', minimum: 1, description: 'At most this many (default 100).' } },
      after_id: { schema: { anyOf: [{ type: 'integer' }, { type: 'string' }], description: 'Only entries after this id.' } },
      clear: { schema: { type: 'boolean' } }, tab_id: { schema: { type: 'string', description: 'Only this tab.' } },
    },
    run: (ctx) => ctx.args.clear
      ? ctx.call('DELETE /console', { query: pick(ctx.args, ['tab_id']) })
      : ctx.call('GET /console', { query: pick(ctx.args, ['level', 'pattern', 'limit', 'after_id', 'tab_id']) }),
  },
  {
    name: 'browser_get_status',
    description: 'Is the browser ready? (state, components, uptime).',
    routes: ['GET /browser/status'],
    args: {},
    run: (ctx) => ctx.call('GET /browser/status'),
  },
  {
    name: 'browser_shutdown',
    description: 'Close the browser and stop the abpd daemon. Only when the user asked for it.',
    routes: ['POST /browser/shutdown'],
    args: { timeout_ms: { from: 'POST /browser/shutdown' } },
    run: (ctx) => ctx.call('POST /browser/shutdown', { body: pick(ctx.args, ['timeout_ms']) }),
  },
  ...SEMANTIC_TOOLS,
  ...SESSION_TOOLS,
  ...DEVTOOLS_TOOLS,
  taskTool,
];

/** Every row with its hints; a row whose name is not in ANNOTATIONS keeps its own (or none: the test says so). */
export const TOOLS: ToolDef[] = ROWS.map((row) => (row.annotations || !ANNOTATIONS[row.name] ? row : { ...row, annotations: ANNOTATIONS[row.name] }));

/** New tab, made active; with a URL, the navigate action's envelope (the settled page) is the answer. */
async function newTab(ctx: ToolContext): Promise<ToolReply> {
  const created = await ctx.call('POST /tabs', { body: pick(ctx.args, ['session_id']) });
  const id = (created.json as { id?: string } | undefined)?.id;
  const url = ctx.args.url;
  if (created.status >= 400 || !id || typeof url !== 'string' || url === 'about:blank') return created;
  const page = await ctx.call('POST /tabs/:/navigate', { params: [id], body: { url } });
  if (page.status >= 400 && typeof page.json === 'object' && page.json !== null) return { ...page, json: { ...page.json, tab_id: id } };
  return page;
}
