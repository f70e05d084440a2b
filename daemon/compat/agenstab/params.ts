// The params of every AGENSTAB method (reference/agenstab.txt, agent-apis.md §1.1.1) with the
// vendor's defaults, as zod schemas: a bad param is -32602 naming it. Unknown fields are ignored
// (clients of a hosted API send fields a local one has no use for).
import { z } from 'zod';
import { describeIssues } from '../../validation.ts';
import { invalidParam } from './rpcErrors.ts';

/** The vendor page's defaults (compat.md "AGENSTAB"). */
export const VENDOR_DEFAULTS = {
  token_ttl: 3600,
  hitl_transaction_threshold: 10_000,
  max_elements: 50,
  rate_limit_apm: 600,
  stealth_mode: false,
} as const;

const agentId = z.string().min(1).max(200);
const maxElements = z.number().int().min(1).max(500);

export const createSessionParams = z.object({
  token_ttl: z.number().int().min(1).max(7 * 24 * 3600).default(VENDOR_DEFAULTS.token_ttl),
  hitl_transaction_threshold: z.number().int().min(0).default(VENDOR_DEFAULTS.hitl_transaction_threshold),
  max_elements: maxElements.default(VENDOR_DEFAULTS.max_elements),
  focus_id: agentId.optional(),
  stealth_mode: z.boolean().default(VENDOR_DEFAULTS.stealth_mode),
  domain_allowlist: z.array(z.string().min(1).max(253)).max(100).optional(),
  allow_js_eval: z.boolean().default(true),
  // REST's cloud fields: accepted, echoed, ignored.
  tier: z.string().max(50).optional(),
  region: z.string().max(50).optional(),
  // abpd extensions (README): the vendor's fixed 600 APM and load timeout, made settable.
  rate_limit_apm: z.number().int().min(1).max(100_000).default(VENDOR_DEFAULTS.rate_limit_apm),
  navigation_timeout_ms: z.number().int().min(100).max(120_000).optional(),
  start_url: z.string().min(1).max(8192).optional(),
}).loose();
export type CreateSessionParams = z.infer<typeof createSessionParams>;

export const observeParams = z.object({
  max_elements: maxElements.optional(),
  focus_id: agentId.optional(),
  format: z.enum(['text', 'json', 'both']).default('both'),
}).loose();

export const clickParams = z.object({
  agent_id: agentId.optional(),
  /** With no agent_id: what to click, found by the configured vision model (-32008 without one). */
  description: z.string().min(1).max(1000).optional(),
}).loose().superRefine((v, ctx) => {
  if (v.agent_id === undefined && v.description === undefined) {
    ctx.addIssue({ code: 'custom', path: ['agent_id'], message: 'required (an agent_id from browser.observe; or a description for visual grounding)' });
  }
});

export const typeParams = z.object({ agent_id: agentId, text: z.string().max(100_000), clear_first: z.boolean().default(false) }).loose();
export const selectParams = z.object({ agent_id: agentId, value: z.union([z.string().max(1000), z.array(z.string().max(1000)).min(1).max(100)]) }).loose();
export const actParams = z.object({
  agent_id: agentId,
  action: z.enum(['click', 'double_click', 'right_click', 'hover', 'focus', 'type', 'fill', 'clear', 'select', 'check', 'uncheck', 'press', 'scroll_into_view']),
  text: z.string().max(100_000).optional(),
  value: z.union([z.string().max(1000), z.array(z.string().max(1000)).max(100)]).optional(),
  key: z.string().max(64).optional(),
}).loose();

export const scrollParams = z.object({
  direction: z.enum(['up', 'down', 'left', 'right']).default('down'),
  amount: z.union([z.number().positive().max(100_000), z.literal('page')]).default('page'),
}).loose();

const conditionObject = z.object({
  agent_id_visible: agentId.optional(),
  agent_id_gone: agentId.optional(),
  text: z.string().min(1).max(1000).optional(),
  url_matches: z.string().min(1).max(2000).optional(),
  navigation: z.literal(true).optional(),
  network_idle: z.literal(true).optional(),
}).strict();
export const waitForParams = z.object({
  // "navigation" / "network_idle" as bare strings too: the vendor names conditions, not their shape.
  condition: z.union([z.enum(['navigation', 'network_idle']), conditionObject]),
  /** Milliseconds (the vendor does not say; ABP's timeouts are all ms). */
  timeout: z.number().int().min(0).max(120_000).default(10_000),
}).loose();

export const navigateParams = z.object({ url: z.string().min(1).max(2 * 1024 * 1024) }).loose();
export const evaluateParams = z.object({ script: z.string().min(1).max(1_000_000) }).loose();
export const screenshotParams = z.object({
  markup: z.union([z.boolean(), z.string().max(256), z.array(z.string().max(64)).max(16)]).optional(),
  format: z.enum(['webp', 'png', 'jpeg']).optional(),
}).loose();
export const approvalParams = z.object({ approval_id: z.string().min(1).max(200) }).loose();
export const noParams = z.object({}).loose();

/** Params as a JSON-RPC request may carry them: absent, or an object (positional arrays are refused). */
export function parseParams<T>(schema: z.ZodType<T>, raw: unknown): T {
  if (Array.isArray(raw)) throw invalidParam('params', 'send params as an object (by name), e.g. {"agent_id": "submit_btn"}');
  const r = schema.safeParse(raw ?? {});
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const param = first?.path.length ? first.path.map(String).join('.') : 'params';
  return failParams(param, describeIssues(r.error));
}

function failParams(param: string, message: string): never {
  throw invalidParam(param, message.startsWith(`${param}: `) ? message.slice(param.length + 2) : message);
}
