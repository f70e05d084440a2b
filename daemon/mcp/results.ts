// REST reply → MCP tool result (mcp.md "Tool results", abp-reference §7.3): the before-frame is
// dropped, frames become image blocks sized for models, the rest is one text block; HTTP ≥ 400 is a
// result with isError (not a JSON-RPC error) so the model reads the message.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { fitImageForModel } from '../../markup/index.ts';
import { withoutTopLevelFrame } from '../envelope.ts';
import { forModel } from './compact.ts';
import type { McpLimits } from './limits.ts';
import type { ToolReply } from './toolSchema.ts';

type Block = CallToolResult['content'][number];
type Json = Record<string, unknown>;

const MIME: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

// What a model needs first comes first: if a long text is cut, timing and profiling go, not the result.
const KEY_ORDER = ['error', 'code', 'result', 'events', 'screenshot', 'tab_id', 'tab_changed', 'original_tab_id', 'cursor', 'scroll'];

export async function toToolResult(reply: ToolReply, limits: McpLimits): Promise<CallToolResult> {
  const content: Block[] = [];
  const images: Block[] = [];
  let text: unknown;
  if (reply.binary) {
    text = reply.meta ?? { content_type: reply.contentType, bytes: reply.binary.length };
    if (reply.status < 400 && reply.contentType.startsWith('image/')) {
      images.push(await imageBlock(reply.binary, reply.contentType, limits, {}));
    } else if (reply.status < 400) {
      images.push({ type: 'resource', resource: { uri: reply.resourceUri ?? 'abpd://binary', mimeType: reply.contentType || 'application/octet-stream', blob: reply.binary.toString('base64') } });
    }
  } else if (isObject(reply.json)) {
    const body: Json = withoutTopLevelFrame({ ...reply.json });
    delete body.screenshot_before;
    if (isObject(body.result) && Array.isArray(body.result.intermediate_screenshots)) {
      const { intermediate_screenshots: frames, ...result } = body.result;
      for (const frame of frames as unknown[]) if (isObject(frame)) images.push(await frameBlock(frame, limits));
      body.result = result;
    }
    if (isObject(body.screenshot_after)) {
      const frame = body.screenshot_after;
      delete body.screenshot_after;
      const meta: Json = {};
      images.push(await frameBlock(frame, limits, meta));
      body.screenshot = meta;
    }
    text = forModel(body, limits.details === true);
  } else {
    text = reply.json;
  }
  const rendered = typeof reply.text === 'string' && reply.status < 400 ? reply.text : formatJson(ordered(text));
  content.push({ type: 'text', text: truncate(rendered, limits.maxText) }, ...images);
  return reply.status >= 400 ? { content, isError: true } : { content };
}

/** Moves `data` into an image block; `meta` receives the rest of the frame object. */
async function frameBlock(frame: Json, limits: McpLimits, meta: Json = {}): Promise<Block> {
  const { data, ...rest } = frame;
  Object.assign(meta, rest);
  const mime = MIME[String(frame.format)] ?? 'image/webp';
  return imageBlock(Buffer.from(typeof data === 'string' ? data : '', 'base64'), mime, limits, meta);
}

async function imageBlock(bytes: Buffer, mimeType: string, limits: McpLimits, meta: Json): Promise<Block> {
  try {
    const fitted = await fitImageForModel(bytes, limits.image);
    const width = Number(meta.width);
    if (Number.isFinite(width) && width > 0 && fitted.width !== width) {
      // Coordinates in the API are viewport pixels; a model reading the smaller image must scale back.
      const scale = Math.round((fitted.width / width) * 10_000) / 10_000;
      meta.image = { width: fitted.width, height: fitted.height, scale, note: `the image is scaled by ${scale}: divide image coordinates by ${scale} for x/y arguments` };
    }
    return { type: 'image', data: fitted.data.toString('base64'), mimeType: 'image/webp' };
  } catch (err) {
    // As ABP's proxy: an image that cannot be processed is passed on unchanged rather than lost.
    meta.image_error = (err as Error).message;
    return { type: 'image', data: bytes.toString('base64'), mimeType };
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ordered(value: unknown): unknown {
  if (!isObject(value)) return value;
  const keys = [...KEY_ORDER.filter((k) => k in value), ...Object.keys(value).filter((k) => !KEY_ORDER.includes(k))];
  return Object.fromEntries(keys.map((k) => [k, value[k]]));
}

// One marked element or event per line: compact enough to keep most of the 4000-character budget
// for content, still readable line by line.
const LINE = 200;

/** JSON that stays on one line while short and breaks long objects/arrays one child per line. */
export function formatJson(value: unknown, indent = ''): string {
  const flat = JSON.stringify(value) ?? 'null';
  if (flat.length + indent.length <= LINE || typeof value !== 'object' || value === null) return flat;
  // A record of plain values (scroll metrics, timing) reads best as one line even when long.
  if (flat.length <= 2 * LINE && Object.values(value).every((v) => typeof v !== 'object' || v === null)) return flat;
  const inner = `${indent} `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n... [truncated: ${text.length - max} more characters]`;
}
