// JSON Schemas of the two answers every route shares: the action envelope (rest.md §1.1, daemon/
// envelope.ts) and the error body (app.ts errorResponse). The OpenAPI document references them and
// docs/api.md lists their fields from the same objects. Keep in step with daemon/envelope.ts.
import type { JsonSchema } from './routeSchemas.ts';

const num = (description: string): JsonSchema => ({ type: 'number', description });
const str = (description: string): JsonSchema => ({ type: 'string', description });

const screenshot: JsonSchema = {
  type: 'object', description: 'A frame: base64 image data and what it shows.',
  properties: {
    data: str('base64 image bytes'), width: num('pixels'), height: num('pixels'),
    format: { type: 'string', enum: ['webp', 'png', 'jpeg'] }, virtual_time_ms: num('the page clock when it was taken'),
    marked_elements: { type: 'array', items: { type: 'object' }, description: 'with screenshot.markup: the numbered elements (index, type, tag, bounds, center, …)' },
    stale: { type: 'boolean', description: 'true when an older frame stands in (a dialog blocks capture)' },
  },
  required: ['data', 'width', 'height', 'format'],
};

export const ENVELOPE_SCHEMA: JsonSchema = {
  type: 'object', description: 'The answer of every action route: what the action did and the settled page after it.',
  properties: {
    action_id: str('8 characters [A-Z0-9]; the history record\'s id'),
    tab_id: str('the tab acted on'),
    tab_changed: { type: 'boolean', description: 'true when the action opened a tab that became the active one' },
    original_tab_id: str('with tab_changed: the tab the action was sent to'),
    result: { type: 'object', description: 'the action\'s own answer (e.g. {"status": "clicked"}, execute\'s {"value": …})' },
    screenshot_before: { ...screenshot, description: 'the page before the input' },
    screenshot_after: { ...screenshot, description: 'the page once it finished reacting' },
    scroll: { type: 'object', description: 'scroll position and page size (scrollX, vertical_px, page_height, …)' },
    events: { type: 'array', items: { type: 'object', properties: { type: str('dialog, popup, navigation, download_started, file_chooser, …'), virtual_time_ms: num('page clock'), data: { type: 'object' } } }, description: 'what happened during the action' },
    timing: { type: 'object', description: 'action_started_ms, action_completed_ms, wait_completed_ms (epoch ms), duration_ms' },
    cursor: { type: 'object', description: 'x, y, cursor_type (the virtual cursor drawn on frames)' },
    virtual_time: { type: 'object', description: 'paused, base_ticks_ms (execution control)' },
    settle: { type: 'object', description: 'reason (why waiting ended), waited_ms, pending_requests' },
    profiling: { type: 'object', description: 'where the time went, in ms (queue_wait_ms, before_screenshot_ms, action_ms, wait_ms, …)' },
    warnings: { type: 'array', items: { type: 'string' }, description: 'what the client should know that did not stop the action (e.g. an unknown field, with a did-you-mean)' },
  },
  required: ['action_id', 'tab_id', 'result', 'events', 'timing', 'cursor', 'settle'],
};

export const ERROR_SCHEMA: JsonSchema = {
  type: 'object', description: 'Every 4xx/5xx answer.',
  properties: {
    error: str('what went wrong and what to do, naming the field'),
    code: str('machine-readable, e.g. INVALID_PARAMS, TAB_NOT_FOUND, DIALOG_PENDING'),
    action_id: str('when an action had started'),
    details: { type: 'object', description: 'e.g. the validation issues, each with its path' },
    data: { type: 'object', description: 'facts about the refusal (candidates, blocker, retry_after_ms, …)' },
  },
  required: ['error', 'code'],
};
