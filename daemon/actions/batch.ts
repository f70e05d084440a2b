// POST /tabs/{id}/batch (rest.md §4.17, abp-reference §5.12): several inputs inside one action —
// one before-frame, one settle, one after-frame. Every item is checked before anything is dispatched.
import { z } from 'zod';
import { resolveKey, resolveModifier } from '../../cdp/keys.ts';
import type { ActionContext, ActionDef } from '../action.ts';
import { invalidParams } from '../errors.ts';
import { commonFields, coordinate, modifierNames } from '../schemas.ts';
import { itemSchemaFor } from '../unknownFields.ts';
import { describeIssues } from '../validation.ts';

const point = { x: coordinate, y: coordinate };
const modifiers = modifierNames.optional().superRefine((names, ctx) => {
  names?.forEach((name, i) => {
    if (!resolveModifier(name)) ctx.addIssue({ code: 'custom', path: [i], message: `unknown modifier "${name}"; use Shift, Control, Alt or Meta` });
  });
});
const keyName = z.string().min(1).max(64).refine((k) => resolveKey(k) !== undefined, {
  message: 'unknown key; use a key name such as Enter, TAB, ESC, ArrowDown, PGDN, a, A, F5',
});

const ITEM_SCHEMAS = {
  mouse_click: z.object({
    ...point, button: z.enum(['left', 'right', 'middle']).optional(),
    click_count: z.number().int().min(1).max(3).optional(), modifiers,
  }).loose(),
  mouse_hover: z.object(point).loose(),
  mouse_drag: z.object({
    start_x: coordinate, start_y: coordinate, end_x: coordinate, end_y: coordinate,
    steps: z.number().int().min(1).max(200).optional(),
  }).loose(),
  keyboard_type: z.object({ text: z.string().max(100_000) }).loose(),
  keyboard_press: z.object({ key: keyName, modifiers, action: z.enum(['press', 'down', 'up']).optional() }).loose(),
};

type ItemType = keyof typeof ITEM_SCHEMAS;
export type BatchItem = { [T in ItemType]: { type: T } & z.infer<(typeof ITEM_SCHEMAS)[T]> }[ItemType];
const ITEM_TYPES = Object.keys(ITEM_SCHEMAS) as ItemType[];

/** Structure of one item; `null` when it is fine. Messages name the item by its index. */
function itemProblem(item: unknown): string | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return 'must be an object such as {"type": "mouse_click", "x": 100, "y": 200}';
  }
  const type = (item as { type?: unknown }).type;
  if (type === undefined) return `missing "type"; use one of ${ITEM_TYPES.join(', ')}`;
  if (typeof type !== 'string' || !Object.hasOwn(ITEM_SCHEMAS, type)) {
    return `unknown type ${JSON.stringify(type)}; use one of ${ITEM_TYPES.join(', ')}`;
  }
  const r = ITEM_SCHEMAS[type as ItemType].safeParse(item);
  return r.success ? null : `${type}: ${describeIssues(r.error)}`;
}

// Each item's own schema plus its "type", so an unknown field of a sub-action is named in warnings too.
const TYPED_ITEMS: Record<string, z.ZodType> = Object.fromEntries(ITEM_TYPES.map((t) => [t, ITEM_SCHEMAS[t].extend({ type: z.string() })]));
const itemSchema = (item: unknown): z.ZodType | undefined => {
  const type = (item as { type?: unknown } | null)?.type;
  return typeof type === 'string' && Object.hasOwn(TYPED_ITEMS, type) ? TYPED_ITEMS[type] : undefined;
};

export const batchBody = z.object({
  actions: itemSchemaFor(z.array(z.unknown()).min(1, 'send at least one sub-action, e.g. [{"type": "mouse_click", "x": 100, "y": 200}]')
    .describe(`sub-actions run in order; each has "type": ${ITEM_TYPES.join(' | ')} and that input's fields`), itemSchema),
  ...commonFields,
}).loose().superRefine((body, ctx) => {
  body.actions.forEach((item, i) => {
    const problem = itemProblem(item);
    if (problem) ctx.addIssue({ code: 'custom', path: [`actions[${i}]`], message: problem });
  });
});
// The items were checked above; zod keeps them as `unknown` so the schema stays plain data (no transform).
const itemsOf = (p: z.infer<typeof batchBody>): BatchItem[] => p.actions as BatchItem[];

function pointsOf(item: BatchItem): [number, number][] {
  switch (item.type) {
    case 'mouse_click': case 'mouse_hover': return [[item.x, item.y]];
    case 'mouse_drag': return [[item.start_x, item.start_y], [item.end_x, item.end_y]];
    default: return [];
  }
}

async function dispatch(ctx: ActionContext, item: BatchItem): Promise<void> {
  const input = ctx.tab.input;
  switch (item.type) {
    case 'mouse_click':
      return input.click(item.x, item.y, { button: item.button, clickCount: item.click_count, modifiers: item.modifiers });
    case 'mouse_hover': return input.move(item.x, item.y);
    case 'mouse_drag': return input.drag({ x: item.start_x, y: item.start_y }, { x: item.end_x, y: item.end_y }, item.steps ?? 50);
    case 'keyboard_type': return input.type(item.text);
    case 'keyboard_press': {
      const def = resolveKey(item.key)!;
      const action = item.action ?? 'press';
      if (action === 'press') return input.press(def, item.modifiers ?? []);
      // A held modifier applies to the later items (and later actions) until it is released.
      return action === 'down' ? input.down(def) : input.up(def);
    }
  }
}

export const batch: ActionDef<z.infer<typeof batchBody>> = {
  type: 'batch',
  validate(p, { config }) {
    if (p.actions.length > config.maxBatch) {
      throw invalidParams(`actions: at most ${config.maxBatch} sub-actions per batch (--max-batch), got ${p.actions.length}; split it into several batches`);
    }
    const { width, height } = config.windowSize;
    itemsOf(p).forEach((item, i) => {
      for (const [x, y] of pointsOf(item)) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
          throw invalidParams(`actions[${i}]: ${item.type} coordinates (${x}, ${y}) are outside the viewport (${width}x${height}); use 0 <= x < ${width} and 0 <= y < ${height}`);
        }
      }
    });
  },
  async run(ctx, p) {
    let executed = 0;
    const errors: { index: number; error: string }[] = [];
    for (const [index, item] of itemsOf(p).entries()) {
      // A dialog blocks the page: later input would be lost or reordered behind it.
      if (ctx.tab.input.blocked() || ctx.signal.aborted) break;
      // As in ABP, one failing item does not stop the rest; it is reported.
      try { await dispatch(ctx, item); executed += 1; } catch (err) { errors.push({ index, error: (err as Error).message }); }
    }
    const stopped = executed + errors.length < p.actions.length;
    return {
      actions_executed: executed,
      ...(errors.length ? { errors } : {}),
      ...(stopped ? { stopped_early: ctx.signal.aborted ? 'deadline' : 'dialog' } : {}),
    };
  },
};
