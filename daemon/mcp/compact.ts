// An envelope as a model reads it (issue 23 item 10): what it needs to decide the next step, once.
// REST keeps the full envelope (ABP clients read every field); an MCP text block drops what is
// duplicated (three spellings of the scroll position, the tab id inside every event) or only for
// machines (epoch timings, virtual clock ticks, profiling), unless --mcp-profiling 1 asks for them.
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Settle outcomes that need no comment: the page finished reacting the usual way. */
const USUAL_SETTLE = new Set(['quiet', 'navigation_loaded', 'dialog', 'closed']);

export function isEnvelope(body: Json): boolean {
  return typeof body.action_id === 'string' && 'result' in body && 'tab_id' in body;
}

/** One scroll shape: position and sizes in CSS px (REST also sends camelCase and older names). */
function scrollShape(s: Json): Json {
  const pick = (...names: string[]): unknown => names.map((n) => s[n]).find((v) => v !== undefined);
  return {
    x: pick('horizontal_px', 'scrollX'), y: pick('vertical_px', 'scrollY'),
    page_width: pick('page_width', 'pageWidth'), page_height: pick('page_height', 'pageHeight'),
    viewport_width: pick('viewport_width', 'viewportWidth'), viewport_height: pick('viewport_height', 'viewportHeight'),
  };
}

function eventShape(event: unknown, tabId: unknown): unknown {
  if (!isObject(event)) return event;
  const { virtual_time_ms: _clock, data, ...rest } = event;
  if (!isObject(data)) return rest;
  const kept: Json = {};
  for (const [k, v] of Object.entries(data)) {
    if (k === 'tab_id' && v === tabId) continue; // the envelope's own tab
    if (k === 'frame_id' && data.is_main_frame === true) continue; // the main frame's id is the tab's
    if (k === 'is_main_frame' && v === true) continue;
    kept[k] = v;
  }
  return Object.keys(kept).length ? { ...rest, data: kept } : rest;
}

/**
 * `screenshot` is the after-frame's metadata (results.ts moved its bytes into an image block); it is
 * present only when the answer carried a frame, and only then are cursor and scroll worth reading.
 */
export function forModel(body: Json, details: boolean): Json {
  if (!isEnvelope(body)) return body;
  const out: Json = { result: body.result };
  const events = Array.isArray(body.events) ? body.events : [];
  if (events.length) out.events = events.map((e) => eventShape(e, body.tab_id));
  for (const key of ['warnings', 'tab_changed', 'original_tab_id']) if (body[key] !== undefined) out[key] = body[key];
  const frame = isObject(body.screenshot) ? body.screenshot : undefined;
  if (frame) {
    const { virtual_time_ms: _clock, ...meta } = frame;
    out.screenshot = meta;
    if (isObject(body.cursor)) out.cursor = body.cursor;
    if (isObject(body.scroll)) out.scroll = scrollShape(body.scroll);
  }
  out.tab_id = body.tab_id;
  out.action_id = body.action_id;
  const settle = isObject(body.settle) ? body.settle : undefined;
  if (details) {
    for (const key of ['settle', 'timing', 'virtual_time', 'profiling']) if (body[key] !== undefined) out[key] = body[key];
  } else if (settle && (!USUAL_SETTLE.has(String(settle.reason)) || Number(settle.pending_requests) > 0)) {
    // Worth knowing: the page may still be changing (a cap was hit, requests still open).
    out.settle = { reason: settle.reason, pending_requests: settle.pending_requests };
  }
  // Anything a later version adds to the envelope is passed on (minus the machine-only fields above).
  for (const [key, value] of Object.entries(body)) {
    if (!(key in out) && !['events', 'screenshot', 'cursor', 'scroll', 'settle', 'timing', 'virtual_time', 'profiling'].includes(key)) out[key] = value;
  }
  return out;
}
