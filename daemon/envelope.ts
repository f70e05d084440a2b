// The action envelope (rest.md §1.1), assembled once from the parts the runner collected.
import type { ScrollMetrics } from '../cdp/pageState.ts';
import type { SettleReport } from '../cdp/settle.ts';
import type { AbpEvent } from './events.ts';
import type { ScreenshotObject } from './frames.ts';

export interface Profiling {
  queue_wait_ms: number; before_screenshot_ms: number; resume_ms: number; action_ms: number;
  wait_ms: number; pause_ms: number; after_screenshot_ms: number; total_ms: number;
}

export interface Envelope {
  action_id: string;
  tab_id: string;
  tab_changed?: true;
  original_tab_id?: string;
  result: Record<string, unknown>;
  screenshot_before?: ScreenshotObject;
  screenshot_after?: ScreenshotObject;
  scroll?: Record<string, number>;
  events: AbpEvent[];
  timing: { action_started_ms: number; action_completed_ms: number; wait_completed_ms: number; duration_ms: number };
  cursor: { x: number; y: number; cursor_type: string };
  virtual_time?: { paused: boolean; base_ticks_ms: number };
  settle: { reason: SettleReport['reason']; waited_ms: number; pending_requests: number };
  profiling: Profiling;
  /** Things the client should know that did not stop the action (an unknown field, a clock that had
   *  already started, history that cannot be written). Omitted when there are none. */
  warnings?: string[];
  /** The screenshot action only: the after-frame's image at the top level, where ABP's older
   *  answer `{data, mimeType, format, markup}` had it (ABP's own suite reads `.data`). */
  data?: string;
  mimeType?: string;
  format?: string;
}

const MIME_TYPES: Record<string, string> = { webp: 'image/webp', png: 'image/png', jpeg: 'image/jpeg' };

/** Copies the after-frame's bytes to the top level, as ABP's older screenshot answer had them. */
export function withTopLevelFrame(envelope: Envelope): void {
  const frame = envelope.screenshot_after;
  if (!frame) return;
  envelope.data = frame.data;
  envelope.mimeType = MIME_TYPES[frame.format] ?? 'application/octet-stream';
  envelope.format = frame.format;
}

/** The same reply without that top-level copy (for readers that show the frame once: MCP, scripts). */
export function withoutTopLevelFrame<T extends Record<string, unknown>>(reply: T): T {
  const after = reply.screenshot_after as { data?: unknown } | undefined;
  if (typeof reply.data !== 'string' || after?.data !== reply.data) return reply;
  const { data: _data, mimeType: _mime, format: _format, ...rest } = reply;
  return rest as T;
}

/** camelCase (newest ABP) plus the older snake_case names, in one object. */
export function scrollObject(m: ScrollMetrics): Record<string, number> {
  const maxX = Math.max(0, m.pageWidth - m.viewportWidth);
  const maxY = Math.max(0, m.pageHeight - m.viewportHeight);
  return {
    ...m,
    horizontal_px: Math.round(m.scrollX), vertical_px: Math.round(m.scrollY),
    horizontal_percent: maxX > 0 ? Math.round((m.scrollX / maxX) * 1000) / 10 : 0,
    vertical_percent: maxY > 0 ? Math.round((m.scrollY / maxY) * 1000) / 10 : 0,
    page_width: m.pageWidth, page_height: m.pageHeight, viewport_width: m.viewportWidth, viewport_height: m.viewportHeight,
  };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** ABP's action ids: 6 random characters [A-Z0-9]... plus a counter suffix so they never collide. */
let counter = 0;
export function newActionId(): string {
  let id = '';
  for (let i = 0; i < 6; i += 1) id += ID_ALPHABET[Math.floor(Math.random() * ID_ALPHABET.length)];
  counter = (counter + 1) % 1296;
  return id + ID_ALPHABET[Math.floor(counter / 36)]! + ID_ALPHABET[counter % 36]!;
}
