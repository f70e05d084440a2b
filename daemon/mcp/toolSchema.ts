// What a tool definition is, and how its JSON input schema is built from the REST routes' schemas
// (so a field's type and limits are declared once, in the route's zod schema).
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { RestReply } from './dispatch.ts';
import type { JsonSchema, RouteIndex, RouteKey } from './routeIndex.ts';

export interface ArgSpec {
  /** Take the schema from this route's body field (`field`, default the argument's own name). */
  from?: RouteKey;
  field?: string;
  /** Explicit schema (or one computed from the routes): used when there is no `from`, or the route
   * does not declare the field. */
  schema?: JsonSchema | ((index: RouteIndex) => JsonSchema);
  /** Default: the route field's own required flag (false for explicit schemas). */
  required?: boolean;
  description?: string;
}

export interface CallParts {
  /** Path parameters in order of appearance (`/downloads/:id/content` → [id]). */
  params?: string[];
  body?: Record<string, unknown>;
  query?: Record<string, unknown>;
}

export interface ToolContext {
  args: Record<string, unknown>;
  /** `tab_id` if given, else the active tab (else an error reply is thrown as ToolStop). */
  tabId(): Promise<string>;
  call(route: RouteKey, parts?: CallParts): Promise<RestReply>;
  /** MCP progress notification (when the client sent a progressToken); long tools report steps. */
  progress?(progress: number, message: string): Promise<void>;
}

/** A binary reply may carry metadata for the text block and a resource URI for non-images. */
export type ToolReply = RestReply & { meta?: unknown; resourceUri?: string;
  /** A result already in text form (the semantic tools): the text block verbatim, not JSON. */
  text?: string };

export interface ToolDef {
  name: string;
  description: string;
  /** Every route the tool may call: it is offered only when the daemon has all of them. */
  routes: RouteKey[];
  args: Record<string, ArgSpec>;
  /** Also expose every body field of this route as an argument (minus `omit`). */
  argsFrom?: { route: RouteKey; omit: string[] };
  /** The four MCP hints (readOnly, destructive, idempotent, openWorld): test/mcp/annotations.test.ts
   *  requires all of them on every tool, so a host can tell a screenshot from a shutdown. */
  annotations?: ToolAnnotations;
  /** Extra keywords for the whole input schema, e.g. anyOf: one of two arguments is required. */
  schemaExtra?: JsonSchema;
  run(ctx: ToolContext): Promise<ToolReply>;
}

/** Ends a tool call early with this reply (e.g. no tab to act on). */
export class ToolStop extends Error {
  constructor(readonly reply: ToolReply) { super(String((reply.json as { error?: string } | undefined)?.error ?? 'tool stopped')); }
}

export function errorReply(status: number, code: string, error: string): ToolReply {
  return { status, contentType: 'application/json', json: { error, code } };
}

/** Descriptions shared by every tool that has an argument of this name. */
const ARG_DOCS: Record<string, string> = {
  tab_id: 'Tab to act on; default: the active tab (see browser_tabs).',
  x: 'Horizontal position in screenshot pixels (0 = left edge of the viewport).',
  y: 'Vertical position in screenshot pixels (0 = top edge of the viewport).',
  url: 'Absolute URL, e.g. "https://example.com/".',
  markup: 'Draw numbered boxes on the screenshot: clickable, typeable, scrollable, selected (focused), grid (100 px coordinate grid). The text block then lists marked_elements with index, bounds and center.',
  disable_markup: 'All markup types except these.',
  format: 'Image format of the screenshot (default webp).',
  screenshot: 'Options for the screenshot taken after the action: markup, format, quality, cursor, area ("none" = no image).',
};

export interface ResolvedArg { schema: JsonSchema; required: boolean }

export function resolveArgs(tool: ToolDef, index: RouteIndex): Map<string, ResolvedArg> {
  const out = new Map<string, ResolvedArg>();
  if (tool.argsFrom) {
    for (const field of index.fields(tool.argsFrom.route)) {
      if (tool.argsFrom.omit.includes(field)) continue;
      const found = index.field(tool.argsFrom.route, field)!;
      out.set(field, { schema: withDoc(field, found.schema), required: found.required });
    }
  }
  for (const [name, spec] of Object.entries(tool.args)) {
    const found = spec.from ? index.field(spec.from, spec.field ?? name) : undefined;
    const explicit = typeof spec.schema === 'function' ? spec.schema(index) : spec.schema;
    let schema: JsonSchema = found?.schema ?? explicit ?? {};
    if (spec.description) schema = { ...schema, description: spec.description };
    out.set(name, { schema: withDoc(name, schema), required: spec.required ?? found?.required ?? false });
  }
  return out;
}

function withDoc(name: string, schema: JsonSchema): JsonSchema {
  return schema.description || !ARG_DOCS[name] ? schema : { ...schema, description: ARG_DOCS[name] };
}

export function inputSchema(args: Map<string, ResolvedArg>, extra: JsonSchema = {}): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, arg] of args) {
    properties[name] = arg.schema;
    if (arg.required) required.push(name);
  }
  return singleTypes({ type: 'object', properties, ...(required.length ? { required } : {}), ...extra }) as JsonSchema;
}

/** `type: ["integer", "string"]` → `anyOf` of single types: the MCP Inspector (and some hosts) warn on array types. */
export function singleTypes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(singleTypes);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) out[key] = key === 'type' ? value : singleTypes(value);
  if (Array.isArray(out.type)) {
    const { type, ...rest } = out;
    const variants = (type as string[]).map((t) => ({ type: t }));
    return variants.length === 1 ? { ...rest, ...variants[0] } : { ...rest, anyOf: variants };
  }
  return out;
}

const TYPE_CHECKS: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  array: (v) => Array.isArray(v),
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
};

/**
 * The checks that must name MCP arguments (required, top-level type, enum). Everything deeper is
 * validated by the REST route itself, whose messages name the same fields.
 */
export function checkArgs(args: Record<string, unknown>, resolved: Map<string, ResolvedArg>): string | null {
  for (const [name, arg] of resolved) {
    const value = args[name];
    if (value === undefined || value === null) {
      if (arg.required) return [`${name}: required.`, describe(arg.schema)].filter(Boolean).join(' ');
      continue;
    }
    const types = ([] as unknown[]).concat(arg.schema.type ?? []) as string[];
    if (types.length && !types.some((t) => TYPE_CHECKS[t]?.(value))) return `${name}: expected ${types.join(' or ')}, got ${JSON.stringify(value).slice(0, 60)}`;
    const choices = arg.schema.enum as unknown[] | undefined;
    if (choices && !choices.includes(value)) return `${name}: expected one of ${choices.map((c) => JSON.stringify(c)).join(', ')}, got ${JSON.stringify(value).slice(0, 60)}`;
  }
  return null;
}

function describe(schema: JsonSchema): string {
  return typeof schema.description === 'string' ? schema.description : '';
}
