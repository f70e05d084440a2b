// The input of each act action (semantic.md §3), through the tab's InputController — the same code
// as ABP click/type/keyboard — so events, dialogs, popups and file choosers behave identically.
// Native <select> is the exception the spec names: the option is set and input/change fired.
import { resolveKey, resolveModifier } from '../../cdp/keys.ts';
import { readScrollSignature, waitForScrollToLand } from '../../cdp/scrollLanding.ts';
import type { ActionContext } from '../action.ts';
import { invalidParams } from '../errors.ts';
import type { Resolved } from './resolve.ts';

export interface ActParams {
  action: string; text?: string; value?: string | string[]; key?: string; direction?: 'up' | 'down' | 'left' | 'right';
  amount?: number | 'page'; files?: string[]; clear_first?: boolean;
}

type Point = { x: number; y: number };

/** `Control+A`, `Shift+Tab`, `Enter`: the key and its modifiers (400 naming `key` when unknown). */
export function parseChord(chord: string): { key: NonNullable<ReturnType<typeof resolveKey>>; modifiers: string[] } {
  const parts = chord.split('+');
  const name = parts.pop() || '+';
  const modifiers = parts.filter(Boolean);
  for (const m of modifiers) if (!resolveModifier(m)) throw invalidParams(`key: unknown modifier "${m}" in "${chord}"; use Shift, Control, Alt or Meta`);
  const key = resolveKey(name);
  if (!key) throw invalidParams(`key: unknown key "${name.slice(0, 40)}"; use a DOM key name such as Enter, Tab, Escape, ArrowDown, a`);
  return { key, modifiers };
}

async function selectAll(ctx: ActionContext): Promise<void> {
  await ctx.tab.input.press(resolveKey('a')!, ['Control']);
  await ctx.tab.input.press(resolveKey('Backspace')!);
}

async function focusFirst(ctx: ActionContext, r: Resolved, at: Point): Promise<void> {
  if (!r.record.states.includes('focused')) await ctx.tab.input.click(at.x, at.y);
}

/** Sets a native <select>'s option(s) by value or label and fires input/change as a person's choice does. */
async function selectNative(r: Resolved, wanted: string[]): Promise<Record<string, unknown>> {
  const { object } = await r.session.send('DOM.resolveNode', { backendNodeId: r.record.backendNodeId }, { timeoutMs: 3_000 });
  const out = await r.session.send('Runtime.callFunctionOn', {
    objectId: object.objectId!, returnByValue: true, arguments: [{ value: wanted }],
    functionDeclaration: `function (wanted) {
      const opts = [...this.options];
      const pick = wanted.map((w) => opts.find((o) => o.value === w) || opts.find((o) => o.label.trim() === w.trim()) || opts.find((o) => o.label.trim().toLowerCase() === w.trim().toLowerCase()));
      const missing = wanted.filter((_, i) => !pick[i]);
      if (missing.length) return { missing, options: opts.slice(0, 50).map((o) => o.label.trim() || o.value) };
      if (!this.multiple && pick.length > 1) return { error: 'this <select> takes one value' };
      for (const o of opts) o.selected = pick.includes(o);
      this.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      this.dispatchEvent(new Event('change', { bubbles: true }));
      return { selected: pick.map((o) => o.value) };
    }`,
  }, { timeoutMs: 3_000 });
  const v = out.result.value as { missing?: string[]; options?: string[]; error?: string; selected?: string[] };
  if (v.error) throw invalidParams(`value: ${v.error}`);
  if (v.missing) throw invalidParams(`value: no option ${v.missing.map((m) => JSON.stringify(m)).join(', ')}; options: ${v.options!.join(', ')}`);
  return { selected: v.selected };
}

export interface InputOutcome { result: Record<string, unknown>; point: Point | null }

/** Everything but `select` on ARIA widgets (actAction.ts handles that: it needs a second capture). */
export async function dispatchAct(ctx: ActionContext, r: Resolved, p: ActParams, at: Point): Promise<InputOutcome> {
  const input = ctx.tab.input;
  const text = p.text ?? (typeof p.value === 'string' ? p.value : undefined);
  switch (p.action) {
    case 'click': await input.click(at.x, at.y); break;
    case 'double_click': await input.click(at.x, at.y, { clickCount: 2 }); break; // as ABP click_count: 2
    case 'right_click': await input.click(at.x, at.y, { button: 'right' }); break;
    case 'hover': await input.move(at.x, at.y); break;
    case 'focus': await r.session.send('DOM.focus', { backendNodeId: r.record.backendNodeId }, { timeoutMs: 3_000 }); return { result: {}, point: null };
    case 'scroll_into_view': return { result: {}, point: null };
    case 'type':
      await focusFirst(ctx, r, at);
      if (p.clear_first) await selectAll(ctx);
      await input.type(text ?? '');
      break;
    case 'fill':
      await focusFirst(ctx, r, at);
      await selectAll(ctx);
      if (text) await input.type(text);
      break;
    case 'clear': await focusFirst(ctx, r, at); await selectAll(ctx); break;
    case 'check': case 'uncheck': {
      const want = p.action === 'check';
      if (r.record.states.includes('checked') === want) return { result: { noop: true, reason: `already ${want ? 'checked' : 'unchecked'}` }, point: null };
      await input.click(at.x, at.y);
      break;
    }
    case 'press': {
      const { key, modifiers } = parseChord(p.key!);
      if (!r.record.states.includes('focused')) await r.session.send('DOM.focus', { backendNodeId: r.record.backendNodeId }, { timeoutMs: 3_000 });
      await input.press(key, modifiers);
      return { result: { key: p.key }, point: null };
    }
    case 'scroll': {
      const b = r.record.bounds!;
      const vertical = p.direction !== 'left' && p.direction !== 'right';
      const page = Math.round((vertical ? Math.min(b.height, ctx.config.windowSize.height) : Math.min(b.width, ctx.config.windowSize.width)) * 0.8);
      const amount = p.amount === undefined || p.amount === 'page' ? page : p.amount;
      const sign = p.direction === 'up' || p.direction === 'left' ? -1 : 1;
      const before = await readScrollSignature(ctx.tab.page.session, at.x, at.y);
      await input.wheel(at.x, at.y, vertical ? 0 : sign * amount, vertical ? sign * amount : 0);
      if (!ctx.tab.page.dialog) await waitForScrollToLand(ctx.tab.page.session, at.x, at.y, before, ctx.config.connect ? 'animated' : 'instant', ctx.signal);
      return { result: { direction: p.direction ?? 'down', amount }, point: at };
    }
    case 'select': return { result: await selectNative(r, Array.isArray(p.value) ? p.value : [p.value ?? p.text ?? '']), point: null };
    default: throw invalidParams(`action: "${p.action}" is not handled here`);
  }
  return { result: {}, point: at };
}
