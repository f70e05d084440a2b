// The common `screenshot` request field (rest.md §2.1), validated strictly: an unknown markup type
// is a 400 that names it (ABP silently drops all markup instead).
import { z } from 'zod';
import type { ImageFormat } from '../markup/index.ts';

// `inputs` is ABP's older markup type (still in its README and controller): the form controls, i.e.
// every <input> that is not hidden, <select> and <textarea>; each is marked as what it is
// (typeable or clickable). It is not one of the five that `disable_markup` subtracts from.
export const MARKUP_TYPES = ['clickable', 'typeable', 'scrollable', 'grid', 'selected', 'inputs'] as const;
export type MarkupType = (typeof MARKUP_TYPES)[number];
const INTERACTIVE: MarkupType[] = ['clickable', 'typeable', 'scrollable'];
const DISABLE_BASE: MarkupType[] = ['clickable', 'typeable', 'scrollable', 'grid', 'selected'];

// Bounded so an absurd list or name is a 400, not work: six types exist, the longest name is 10 chars.
const markupList = z.array(z.string().max(64)).max(16);

export const screenshotSchema = z.object({
  markup: z.union([markupList, z.string().max(256)]).optional().meta({ default: 'none', description: 'numbered boxes drawn on the after-frame: a list of clickable, typeable, scrollable, grid, selected, inputs; or "interactive" (the first three), or "none"' }),
  disable_markup: z.union([z.boolean(), markupList]).optional().meta({ description: 'true: no markup; a list: every type except these' }),
  format: z.enum(['webp', 'png', 'jpeg']).optional().meta({ default: 'webp', description: 'image encoding' }),
  quality: z.number().int().min(1).max(100).optional().meta({ default: 80, description: 'webp/jpeg quality' }),
  area: z.enum(['viewport', 'none']).optional().meta({ default: 'viewport', description: '"none": no frames in the answer (faster)' }),
  cursor: z.boolean().optional().meta({ default: true, description: 'draw the virtual cursor on frames' }),
  /** The boxes' drawn labels: `index` (ABP's look) or `agent_id` (the semantic ids, which
   *  marked_elements then carry; they carry them anyway once the tab has been observed). */
  mark_labels: z.enum(['index', 'agent_id']).optional().meta({ default: 'index', description: 'marked_elements keyed by index, or also by agent_id (the semantic ids)' }),
}).loose().superRefine((value, ctx) => {
  const check = (names: string[], path: (string | number)[]): void => {
    names.forEach((name, i) => {
      if (!(MARKUP_TYPES as readonly string[]).includes(name)) {
        ctx.addIssue({ code: 'custom', path: [...path, i], message: `unknown markup type "${name}"; use ${MARKUP_TYPES.join(', ')}, or the preset "interactive", or "none"` });
      }
    });
  };
  if (typeof value.markup === 'string') {
    if (!['interactive', 'none'].includes(value.markup)) {
      // A comma-separated list is accepted too (the GET query form).
      check(value.markup.split(',').map((s) => s.trim()).filter(Boolean), ['markup']);
    }
  } else if (value.markup) check(value.markup, ['markup']);
  if (Array.isArray(value.disable_markup)) check(value.disable_markup, ['disable_markup']);
});

export type ScreenshotInput = z.infer<typeof screenshotSchema>;

export interface ScreenshotOptions { markup: Set<MarkupType>; format: ImageFormat; quality: number; area: 'viewport' | 'none'; cursor: boolean; markLabels?: 'index' | 'agent_id' }

export function resolveMarkup(markup: ScreenshotInput['markup'], disable: ScreenshotInput['disable_markup']): Set<MarkupType> {
  if (disable === true) return new Set();
  if (markup === undefined) {
    if (Array.isArray(disable)) return new Set(DISABLE_BASE.filter((t) => !disable.includes(t)));
    return new Set();
  }
  if (markup === 'none') return new Set();
  if (markup === 'interactive') return new Set(INTERACTIVE);
  const list = typeof markup === 'string' ? markup.split(',').map((s) => s.trim()).filter(Boolean) : markup;
  const types = new Set<MarkupType>();
  for (const name of list) {
    if (name === 'interactive') INTERACTIVE.forEach((t) => types.add(t));
    else if ((MARKUP_TYPES as readonly string[]).includes(name)) types.add(name as MarkupType);
  }
  return types;
}

export function resolveScreenshotOptions(input: ScreenshotInput | undefined): ScreenshotOptions {
  return {
    markup: resolveMarkup(input?.markup, input?.disable_markup),
    format: input?.format ?? 'webp',
    quality: input?.quality ?? 80,
    area: input?.area ?? 'viewport',
    cursor: input?.cursor ?? true,
    ...(input?.mark_labels ? { markLabels: input.mark_labels } : {}),
  };
}
