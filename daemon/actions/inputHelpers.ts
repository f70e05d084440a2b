// clear-text and slider (rest.md §4.6): compositions of real input.
import { z } from 'zod';
import { resolveKey } from '../../cdp/keys.ts';
import type { ActionDef } from '../action.ts';
import { invalidParams } from '../errors.ts';
import { commonFields, coordinate } from '../schemas.ts';

export const clearTextBody = z.object({ x: coordinate, y: coordinate, ...commonFields }).loose();
export const clearText: ActionDef<z.infer<typeof clearTextBody>> = {
  type: 'clear_text',
  async run(ctx, p) {
    const input = ctx.tab.input;
    await input.click(p.x, p.y);
    // Select all with the platform's editing command, then delete: works for inputs, textareas and
    // contenteditable, and fires the input events a person's Ctrl+A, Backspace would.
    await input.press(resolveKey('a')!, ['Control']);
    await input.press(resolveKey('Backspace')!);
    return { status: 'cleared' };
  },
};

/** A range input's value: any finite number a page could use, not an absurd one. */
const sliderValue = z.number().finite().min(-1e12).max(1e12);

export const sliderBody = z.object({
  orientation: z.enum(['horizontal', 'vertical']),
  min: sliderValue, max: sliderValue, target_value: sliderValue,
  x: coordinate.optional(), y: coordinate.optional(),
  x_start: coordinate.optional(), x_end: coordinate.optional(), current_x: coordinate.optional(),
  y_start: coordinate.optional(), y_end: coordinate.optional(), current_y: coordinate.optional(),
  ...commonFields,
}).loose();

export const slider: ActionDef<z.infer<typeof sliderBody>> = {
  type: 'drag',
  async run(ctx, p) {
    if (p.min >= p.max) throw invalidParams('min: must be less than max');
    if (p.target_value < p.min || p.target_value > p.max) throw invalidParams(`target_value: must be between min (${p.min}) and max (${p.max})`);
    const horizontal = p.orientation === 'horizontal';
    const [cross, start, end, current] = horizontal ? [p.y, p.x_start, p.x_end, p.current_x] : [p.x, p.y_start, p.y_end, p.current_y];
    const names = horizontal ? 'y, x_start, x_end, current_x' : 'x, y_start, y_end, current_y';
    if (cross === undefined || start === undefined || end === undefined || current === undefined) {
      throw invalidParams(`${p.orientation} orientation requires ${names}`);
    }
    if (start === end) throw invalidParams(horizontal ? 'x_end: must differ from x_start' : 'y_end: must differ from y_start');
    const lo = Math.min(start, end), hi = Math.max(start, end);
    if (current < lo || current > hi) throw invalidParams(`${horizontal ? 'current_x' : 'current_y'}: must be within the track (${lo} to ${hi})`);
    const target = Math.min(hi, Math.max(lo, start + ((p.target_value - p.min) / (p.max - p.min)) * (end - start)));
    const from = horizontal ? { x: current, y: cross } : { x: cross, y: current };
    const to = horizontal ? { x: target, y: cross } : { x: cross, y: target };
    await ctx.tab.input.drag(from, to, 50);
    return { status: 'dragged', start_x: from.x, start_y: from.y, end_x: to.x, end_y: to.y };
  },
};
