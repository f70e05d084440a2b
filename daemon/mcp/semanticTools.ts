// MCP tools over the semantic routes (semantic.md §4): browser_observe, browser_act,
// browser_wait_for. Results are in the text form (what models read best); the JSON stays on REST.
import type { RestReply } from './dispatch.ts';
import { formatJson } from './results.ts';
import type { ToolContext, ToolDef, ToolReply } from './toolSchema.ts';

const TAB = { schema: { type: 'string' } };
const NO_FRAMES = { area: 'none' };

/** The result in its text form, then the envelope facts a model needs (action id, tab, events). */
function asText(reply: RestReply, text: (result: Record<string, unknown>) => string): ToolReply {
  const json = reply.json as Record<string, unknown> | undefined;
  if (reply.status >= 400 || !json || typeof json.result !== 'object' || json.result === null) return reply;
  const facts = { action_id: json.action_id, tab_id: json.tab_id, ...(json.tab_changed ? { tab_changed: true } : {}),
    ...(Array.isArray(json.events) && json.events.length > 0 ? { events: json.events } : {}), ...(json.warnings ? { warnings: json.warnings } : {}) };
  return { ...reply, text: `${text(json.result as Record<string, unknown>)}\n\n${formatJson(facts)}` };
}

async function onTab(ctx: ToolContext, route: string, body: Record<string, unknown>): Promise<RestReply> {
  return ctx.call(route, { params: [await ctx.tabId()], body });
}

const pick = (args: Record<string, unknown>, names: string[]): Record<string, unknown> =>
  Object.fromEntries(names.filter((n) => args[n] !== undefined).map((n) => [n, args[n]]));

export const SEMANTIC_TOOLS: ToolDef[] = [
  {
    name: 'browser_observe',
    description: 'The page as a short list of elements with stable ids, one per line: `[agent_id] role "name" flags value="…" @x,y`, '
      + 'grouped under forms/dialogs/landmarks; `+` new, `~` changed since your last observe; "…" lines say what was left out. '
      + 'Act on an id with browser_act. Ids stay the same while the element does (re-renders, label changes, reorders).',
    routes: ['POST /tabs/:/observe'],
    args: { max_elements: { from: 'POST /tabs/:/observe' }, focus_id: { from: 'POST /tabs/:/observe' }, scope: { from: 'POST /tabs/:/observe' },
      include_context: { from: 'POST /tabs/:/observe' }, id_style: { from: 'POST /tabs/:/observe' }, tab_id: TAB },
    annotations: { title: 'Observe the page', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    run: async (ctx) => asText(await onTab(ctx, 'POST /tabs/:/observe', { ...pick(ctx.args, ['max_elements', 'focus_id', 'scope', 'include_context', 'id_style']), format: 'text', screenshot: NO_FRAMES }),
      (r) => String(r.text ?? '')),
  },
  {
    name: 'browser_act',
    description: 'Act on an element by its agent_id from browser_observe: click, double_click, right_click, hover, focus, type (appends text), '
      + 'fill (replaces), clear, select (value: option value or label), check, uncheck, press (key, e.g. "Enter", "Control+A"), '
      + 'scroll_into_view, scroll (direction, amount), upload (files). Real mouse and keyboard input; waits until the page settles. '
      + 'Returns the lines the action made new (+) or changed (~). An element covered by a banner or modal is refused with the blocker\'s id.',
    routes: ['POST /tabs/:/act'],
    argsFrom: { route: 'POST /tabs/:/act', omit: ['screenshot', 'wait_until'] },
    args: { tab_id: TAB },
    annotations: { title: 'Act on an element', readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    run: async (ctx) => {
      const { tab_id: _tab, ...body } = ctx.args;
      void _tab;
      return asText(await onTab(ctx, 'POST /tabs/:/act', { ...body, screenshot: NO_FRAMES }), (r) => {
        const changed = Array.isArray(r.changed) ? r.changed as string[] : [];
        const head = `${String(r.action)} [${String(r.agent_id)}]${r.point ? ` at @${(r.point as { x: number }).x},${(r.point as { y: number }).y}` : ''}${r.rebound ? ' (rebound)' : ''}${r.noop ? ` — no-op: ${String(r.reason)}` : ''}`;
        return changed.length > 0 ? `${head}\nchanged:\n${changed.join('\n')}` : `${head}\nchanged: nothing`;
      });
    },
  },
  {
    name: 'browser_wait_for',
    description: 'Let the page run until a condition holds: {"agent_id_visible": id}, {"agent_id_gone": id}, {"text": "…"}, '
      + '{"url_matches": "regex"}, {"navigation": true} or {"network_idle": true}; timeout_ms (default 10000). Times out with an error saying so.',
    routes: ['POST /tabs/:/wait_for'],
    args: { condition: { from: 'POST /tabs/:/wait_for', required: true }, timeout_ms: { from: 'POST /tabs/:/wait_for' }, tab_id: TAB },
    annotations: { title: 'Wait for a condition', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    run: async (ctx) => asText(await onTab(ctx, 'POST /tabs/:/wait_for', { ...pick(ctx.args, ['condition', 'timeout_ms']), screenshot: NO_FRAMES }),
      (r) => `${r.met ? 'met' : 'not met'} after ${String(r.waited_ms)} ms (${JSON.stringify(r.condition)}); url: ${String(r.url)}`),
  },
];
