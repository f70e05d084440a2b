// What a role is to an agent: its id kind (`_btn`, `_txt`…), the actions that fit it, and which
// roles are containers or context. One table, so ids, validation and the text form agree.
import type { ElementRecord } from './types.ts';

export const ACTIONS = ['click', 'double_click', 'right_click', 'hover', 'focus', 'type', 'fill', 'clear', 'select',
  'check', 'uncheck', 'press', 'scroll_into_view', 'scroll', 'upload'] as const;
export type ActionName = typeof ACTIONS[number];

const KIND_BY_ROLE: Record<string, string> = {
  button: 'btn', menuitembutton: 'btn', link: 'lnk', textbox: 'txt', searchbox: 'txt', textarea: 'txt',
  checkbox: 'chk', menuitemcheckbox: 'chk', radio: 'rad', menuitemradio: 'rad', combobox: 'sel', listbox: 'sel',
  option: 'opt', tab: 'tab', switch: 'sw', slider: 'sld', spinbutton: 'num', menuitem: 'menu', treeitem: 'opt',
  Iframe: 'frame', iframe: 'frame',
};

/** Roles that make a node an action candidate on their own (Chromium's AX role names). */
export const INTERACTIVE_ROLES = new Set(['button', 'link', 'textbox', 'searchbox', 'combobox', 'listbox', 'option',
  'checkbox', 'radio', 'switch', 'slider', 'spinbutton', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio',
  'treeitem', 'gridcell', 'columnheader', 'rowheader', 'menuitembutton']);

/** Landmark roles and their region names in the omission summary. */
export const LANDMARKS: Record<string, string> = {
  main: 'main', navigation: 'navigation', banner: 'header', contentinfo: 'footer', complementary: 'aside',
  search: 'search', region: 'region', form: 'form',
};

/** Roles that group element lines in the text form (plus heading sections). */
export const GROUPING_ROLES = new Set(['form', 'dialog', 'alertdialog', 'row', 'listitem', 'heading', 'main',
  'navigation', 'banner', 'contentinfo', 'complementary', 'search', 'region']);

const TEXT_ACTIONS: ActionName[] = ['click', 'type', 'fill', 'clear', 'focus', 'press'];
const CLICK_ACTIONS: ActionName[] = ['click', 'double_click', 'right_click', 'focus', 'press'];
const EVERYWHERE: ActionName[] = ['hover', 'scroll_into_view'];

export function kindOf(r: Pick<ElementRecord, 'role' | 'tag' | 'attrs' | 'scrollable' | 'editable'>): string {
  if (r.tag === 'input' && r.attrs.type === 'file') return 'file';
  const kind = KIND_BY_ROLE[r.role];
  if (kind) return kind;
  if (r.editable) return 'txt';
  if (r.scrollable) return 'scroll';
  return 'el';
}

/** The actions that fit an element of this kind (a 400 names them when another is asked). */
export function actionsFor(kind: string, r: Pick<ElementRecord, 'role' | 'scrollable' | 'tag'>): ActionName[] {
  const base: ActionName[] = (() => {
    switch (kind) {
      case 'txt': case 'num': return TEXT_ACTIONS;
      case 'sel': return r.role === 'combobox' && r.tag !== 'select' ? ['click', 'select', 'type', 'fill', 'clear', 'focus', 'press'] : ['click', 'select', 'focus', 'press'];
      case 'chk': case 'sw': return ['click', 'check', 'uncheck', 'focus', 'press'];
      case 'rad': return ['click', 'check', 'focus', 'press'];
      case 'sld': return ['click', 'focus', 'press'];
      case 'file': return ['click', 'upload', 'focus'];
      case 'scroll': return ['scroll'];
      default: return CLICK_ACTIONS;
    }
  })();
  const out = [...base, ...EVERYWHERE];
  if (r.scrollable && !out.includes('scroll')) out.push('scroll');
  return out;
}

/** Fields show `value="…"` in the text form. */
export const VALUE_KINDS = new Set(['txt', 'num', 'sel', 'sld']);
