// type and keyboard/press|down|up (rest.md §4.5).
import { z } from 'zod';
import { resolveKey, type KeyDefinition } from '../../cdp/keys.ts';
import type { ActionDef } from '../action.ts';
import { invalidParams } from '../errors.ts';
import { commonFields, modifierNames } from '../schemas.ts';
import { checkModifiers } from './mouse.ts';

export const typeBody = z.object({ text: z.string().max(100_000), ...commonFields }).loose();
export const type: ActionDef<z.infer<typeof typeBody>> = {
  type: 'type',
  async run(ctx, p) {
    await ctx.tab.input.type(p.text);
    return { status: 'typed' };
  },
};

export function keyOrThrow(name: string, field = 'key'): KeyDefinition {
  const def = resolveKey(name);
  if (!def) throw invalidParams(`${field}: unknown key "${name.slice(0, 40)}"; use a DOM key name such as Enter, Tab, Escape, ArrowDown, a, A, F5`);
  return def;
}

export const pressBody = z.object({ key: z.string().min(1).max(64), modifiers: modifierNames.optional(), ...commonFields }).loose();
export const press: ActionDef<z.infer<typeof pressBody>> = {
  type: 'key_press',
  async run(ctx, p) {
    const def = keyOrThrow(p.key);
    checkModifiers(p.modifiers);
    await ctx.tab.input.press(def, p.modifiers ?? []);
    return { status: 'pressed', key: def.key, ...(p.modifiers ? { modifiers: p.modifiers } : {}) };
  },
};

export const keyBody = z.object({ key: z.string().min(1).max(64), ...commonFields }).loose();
export const keyDown: ActionDef<z.infer<typeof keyBody>> = {
  type: 'key_down',
  async run(ctx, p) {
    const def = keyOrThrow(p.key);
    await ctx.tab.input.down(def); // a modifier stays held for later keys and clicks
    return { status: 'key_down', key: def.key };
  },
};

export const keyUp: ActionDef<z.infer<typeof keyBody>> = {
  type: 'key_up',
  async run(ctx, p) {
    const def = keyOrThrow(p.key);
    await ctx.tab.input.up(def);
    return { status: 'key_up', key: def.key };
  },
};
