// Rows as SQLite returns them, and the JSON objects the history API answers with (ABP's shapes:
// booleans for success, params/result/data parsed, optional fields left out when empty).

export interface SessionRow {
  rowid: number; id: string; start_time: number; end_time: number | null;
  browser_version: string | null; user_agent: string | null;
}

export interface ActionRow {
  rowid: number; id: string; session_id: string; tab_id: string | null; action_type: string;
  timestamp: number; duration_ms: number | null; params: string | null; result: string | null;
  success: number; error_code: string | null; error_message: string | null;
  screenshot_before_path: string | null; screenshot_after_path: string | null;
}

export interface EventRow {
  rowid: number; id: number; session_id: string; tab_id: string | null; action_id: string | null;
  event_type: string; timestamp: number; data: string | null;
}

export type Json = Record<string, unknown>;

export function sessionJson(row: SessionRow): Json {
  return {
    id: row.id, start_time: row.start_time, end_time: row.end_time, browser_version: row.browser_version,
    ...(row.user_agent ? { user_agent: row.user_agent } : {}),
  };
}

export function actionJson(row: ActionRow): Json {
  const out: Json = {
    id: row.id, session_id: row.session_id, tab_id: row.tab_id, action_type: row.action_type,
    timestamp: row.timestamp, duration_ms: row.duration_ms, success: row.success === 1,
  };
  if (row.params !== null) out.params = parseJson(row.params);
  if (row.result !== null) out.result = parseJson(row.result);
  if (row.success !== 1) {
    if (row.error_code !== null) out.error_code = row.error_code;
    if (row.error_message !== null) out.error_message = row.error_message;
  }
  if (row.screenshot_before_path !== null) out.screenshot_before_path = row.screenshot_before_path;
  if (row.screenshot_after_path !== null) out.screenshot_after_path = row.screenshot_after_path;
  return out;
}

export function eventJson(row: EventRow): Json {
  const out: Json = {
    id: row.id, session_id: row.session_id, tab_id: row.tab_id, action_id: row.action_id,
    event_type: row.event_type, timestamp: row.timestamp,
  };
  if (row.data !== null) out.data = parseJson(row.data);
  return out;
}

/** A file written by someone else (or cut short) must not turn a listing into a 500. */
function parseJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return text; }
}

const MAX_JSON_CHARS = 256 * 1024;

/**
 * Params and results go into the row as JSON, but not without bound: an upload's base64 or a huge
 * execute result would bloat every listing. Oversized values keep a preview and their size.
 */
export function toStoredJson(value: unknown): string | null {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  if (text === undefined) return null;
  if (text.length <= MAX_JSON_CHARS) return text;
  return JSON.stringify({ truncated: true, original_chars: text.length, preview: text.slice(0, 2_000) });
}
