// click, move, scroll, drag (rest.md §4.4): real mouse input at screenshot pixels.
import { z } from 'zod';
import type { ActionDef } from '../action.ts';
import { invalidParams } from '../errors.ts';
import { commonFields, coordinate, modifierNames } from '../schemas.ts';
import { resolveModifier } from '../../cdp/keys.ts';
import { readScrollSignature, waitForScrollToLand } from '../../cdp/scrollLanding.ts';

export function checkModifiers(names: readonly string[] | undefined, field = 'modifiers'): void {
  names?.forEach((name, i) => {
    if (!resolveModifier(name)) throw invalidParams(`${field}[${i}]: unknown modifier "${name}"; use Shift, Control, Alt or Meta`);
  });
}

export const clickBody = z.object({
  x: coordinate, y: coordinate,
  button: z.enum(['left', 'right', 'middle']).optional().meta({ default: 'left', description: 'mouse button' }),
  click_count: z.number().int().min(1).max(3).optional().meta({ default: 1, description: '2 = double click' }),
  modifiers: modifierNames.optional().meta({ description: 'keys held during the click: Shift, Control, Alt, Meta' }),
  ...commonFields,
}).loose();

export const click: ActionDef<z.infer<typeof clickBody>> = {
  type: 'click',
  async run(ctx, p) {
    checkModifiers(p.modifiers);
    await ctx.tab.input.click(p.x, p.y, { button: p.button, clickCount: p.click_count, modifiers: p.modifiers });
    return { status: 'clicked' };
  },
};

export const moveBody = z.object({ x: coordinate, y: coordinate, ...commonFields }).loose();
export const move: ActionDef<z.infer<typeof moveBody>> = {
  type: 'move',
  async run(ctx, p) {
    await ctx.tab.input.move(p.x, p.y);
    return { status: 'moved', x: p.x, y: p.y };
  },
};

const scrollItem = z.object({ delta_px: z.number().finite().min(-100_000).max(100_000), direction: z.enum(['x', 'y']) });
export const scrollBody = z.object({
  x: coordinate, y: coordinate,
  scrolls: z.array(scrollItem).min(1).max(3).optional(),
  delta_x: z.number().finite().min(-100_000).max(100_000).optional(),
  delta_y: z.number().finite().min(-100_000).max(100_000).optional(),
  ...commonFields,
}).loose().superRefine((v, ctx) => {
  if (!v.scrolls && v.delta_x === undefined && v.delta_y === undefined) {
    ctx.addIssue({ code: 'custom', path: ['scrolls'], message: 'send "scrolls": [{"delta_px": 300, "direction": "y"}] (or the older "delta_x"/"delta_y")' });
  }
});

export const scroll: ActionDef<z.infer<typeof scrollBody>> = {
  type: 'scroll',
  settle: { minWaitMs: 100 },
  async run(ctx, p) {
    const items = p.scrolls ?? [
      ...(p.delta_x ? [{ delta_px: p.delta_x, direction: 'x' as const }] : []),
      ...(p.delta_y ? [{ delta_px: p.delta_y, direction: 'y' as const }] : []),
    ];
    const session = ctx.tab.page.session;
    // Each wheel lands before the next is sent: the offsets then say when the last one has landed.
    let offsets = await readScrollSignature(session, p.x, p.y);
    for (const item of items) {
      await ctx.tab.input.wheel(p.x, p.y, item.direction === 'x' ? item.delta_px : 0, item.direction === 'y' ? item.delta_px : 0);
      if (ctx.tab.page.dialog) break;
      offsets = await waitForScrollToLand(session, p.x, p.y, offsets, ctx.config.connect ? 'animated' : 'instant', ctx.signal);
    }
    return { status: 'scrolled', scrolls_executed: items.length, x: p.x, y: p.y };
  },
};

export const dragBody = z.object({
  start_x: coordinate, start_y: coordinate, end_x: coordinate, end_y: coordinate,
  steps: z.number().int().min(1).max(200).optional().meta({ default: 50, description: 'mouse moves between press and release' }),
  ...commonFields,
}).loose();

export const drag: ActionDef<z.infer<typeof dragBody>> = {
  type: 'drag',
  async run(ctx, p) {
    await ctx.tab.input.drag({ x: p.start_x, y: p.start_y }, { x: p.end_x, y: p.end_y }, p.steps ?? 50);
    return { status: 'dragged', start_x: p.start_x, start_y: p.start_y, end_x: p.end_x, end_y: p.end_y };
  },
};
