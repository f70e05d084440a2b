// How much of a tool result a model gets: image size and text length. One small option table, read
// from ABPD_MCP_* variables by the daemon's /mcp, and as flags or variables by `abpd mcp`.
import type { ModelImageLimits } from '../../markup/index.ts';

export interface McpLimits {
  image: ModelImageLimits;
  /** Characters per text block before it is cut with a marker. */
  maxText: number;
  /** Keep the envelope's machine fields (settle, timing, virtual_time, profiling) in text blocks. */
  details?: boolean;
}

export const DEFAULT_MCP_LIMITS: McpLimits = {
  // The limits ABP's own MCP proxy applies (abp-reference §7.4): Claude's recommended image size.
  image: { maxSide: 1568, maxPixels: Math.round(1.15 * 1024 * 1024), quality: 80 },
  maxText: 4000,
  details: false,
};

export interface LimitOption { flag: string; env: string; help: string; min: number; max: number; apply(l: McpLimits, v: number): void }

export const MCP_LIMIT_OPTIONS: LimitOption[] = [
  { flag: 'mcp-max-text', env: 'ABPD_MCP_MAX_TEXT', help: 'cut tool-result text blocks after N characters (default 4000)', min: 100, max: 10_000_000, apply: (l, v) => { l.maxText = v; } },
  { flag: 'mcp-image-max-side', env: 'ABPD_MCP_IMAGE_MAX_SIDE', help: 'scale tool-result images to at most N px on the long side (default 1568)', min: 64, max: 16_384, apply: (l, v) => { l.image.maxSide = v; } },
  { flag: 'mcp-image-max-pixels', env: 'ABPD_MCP_IMAGE_MAX_PIXELS', help: 'and to at most N pixels in area (default 1205862)', min: 4096, max: 268_435_456, apply: (l, v) => { l.image.maxPixels = v; } },
  { flag: 'mcp-profiling', env: 'ABPD_MCP_PROFILING', help: '1: tool results also carry settle, timing, virtual_time and profiling (default 0)', min: 0, max: 1, apply: (l, v) => { l.details = v === 1; } },
  { flag: 'mcp-image-quality', env: 'ABPD_MCP_IMAGE_QUALITY', help: 'WebP quality of tool-result images, 1-100 (default 80)', min: 1, max: 100, apply: (l, v) => { l.image.quality = v; } },
];

/** The value of one option, range-checked; the message names the flag or variable. */
export function parseLimit(option: LimitOption, raw: string, source: string): number {
  if (!/^\d+$/.test(raw)) throw new Error(`${source}: expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < option.min || value > option.max) throw new Error(`${source}: use ${option.min}..${option.max}, got ${value}`);
  return value;
}

export function limitsFromEnv(env: NodeJS.ProcessEnv): McpLimits {
  const limits = structuredClone(DEFAULT_MCP_LIMITS);
  for (const option of MCP_LIMIT_OPTIONS) {
    const raw = env[option.env];
    if (raw !== undefined && raw !== '') option.apply(limits, parseLimit(option, raw, option.env));
  }
  return limits;
}
