// The `actions` argument of browser_action: one closed object per batch sub-action type, each built
// from the REST route that does the same thing alone (click, move, drag, type, keyboard/press), so
// the coordinates, buttons and limits are declared once.
import type { JsonSchema, RouteIndex, RouteKey } from './routeIndex.ts';

export const BATCH_ITEM_ROUTES: RouteKey[] = [
  'POST /tabs/:/click', 'POST /tabs/:/move', 'POST /tabs/:/drag', 'POST /tabs/:/type', 'POST /tabs/:/keyboard/press',
];

const MODIFIERS_DOC = 'Held during this input: SHIFT, CONTROL (CTRL), ALT (OPT), META (CMD).';
const KEY_DOC = 'Key name, upper case: ENTER, TAB, ESCAPE/ESC, BACKSPACE/BS, DELETE/DEL, ARROWUP/UP, ARROWDOWN/DOWN, '
  + 'ARROWLEFT/LEFT, ARROWRIGHT/RIGHT, HOME, END, PAGEUP/PGUP, PAGEDOWN/PGDN, SPACE, SHIFT, CONTROL/CTRL, '
  + 'ALT/OPT, META/CMD, A-Z, 0-9, F1-F12, COMMA, PERIOD, SLASH, SEMICOLON, QUOTE, MINUS, EQUAL, ...';

function item(index: RouteIndex, type: string, route: RouteKey, fields: string[], extra: Record<string, JsonSchema> = {}): JsonSchema {
  const properties: Record<string, JsonSchema> = { type: { type: 'string', enum: [type] } };
  const required = ['type'];
  for (const name of fields) {
    const found = index.field(route, name);
    if (!found) continue;
    properties[name] = name === 'modifiers' ? { ...found.schema, description: MODIFIERS_DOC }
      : name === 'key' ? { ...found.schema, description: KEY_DOC } : found.schema;
    if (found.required) required.push(name);
  }
  return { type: 'object', properties: { ...properties, ...extra }, required, additionalProperties: false };
}

export function batchActionsSchema(index: RouteIndex): JsonSchema {
  return {
    type: 'array', minItems: 1,
    description: 'Inputs to run in order inside ONE step (one settle, one screenshot after all of them).',
    items: { oneOf: [
      item(index, 'mouse_click', 'POST /tabs/:/click', ['x', 'y', 'button', 'click_count', 'modifiers']),
      item(index, 'mouse_hover', 'POST /tabs/:/move', ['x', 'y']),
      item(index, 'mouse_drag', 'POST /tabs/:/drag', ['start_x', 'start_y', 'end_x', 'end_y', 'steps']),
      item(index, 'keyboard_type', 'POST /tabs/:/type', ['text']),
      item(index, 'keyboard_press', 'POST /tabs/:/keyboard/press', ['key', 'modifiers'], {
        action: { type: 'string', enum: ['press', 'down', 'up'], description: 'press (default) = down + up; down/up hold and release a key.' },
      }),
    ] },
  };
}
