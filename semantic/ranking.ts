// Which elements fit in `max_elements` (semantic.md §1 "Ranking"): a score per candidate, an
// always-include set, winners in document order, and what was left out, per region.
import { LANDMARKS } from './roles.ts';
import type { RecordTree } from './tree.ts';
import type { ElementRecord, Omission } from './types.ts';

export interface RankInput {
  elements: ElementRecord[];
  tree: RecordTree;
  kindOf: (r: ElementRecord) => string;
  isNew: (r: ElementRecord) => boolean;
  viewport: { width: number; height: number };
  focus?: ElementRecord;
  max: number;
}

const isDialog = (r: ElementRecord): boolean => r.role === 'dialog' || r.role === 'alertdialog';
const isForm = (r: ElementRecord): boolean => r.role === 'form' || r.tag === 'form';
const isSubmit = (r: ElementRecord): boolean => (r.role === 'button') &&
  (r.attrs.type === 'submit' || (r.tag === 'button' && !r.attrs.type) || (r.tag === 'input' && r.attrs.type === 'image'));
const center = (r: ElementRecord): { x: number; y: number } | null => r.bounds ? { x: r.bounds.x + r.bounds.width / 2, y: r.bounds.y + r.bounds.height / 2 } : null;

function viewportScore(r: ElementRecord, vh: number): number {
  if (r.inViewport) return 2;
  const b = r.bounds;
  if (!b) return -1;
  const away = b.y + b.height < 0 ? -(b.y + b.height) : Math.max(0, b.y - vh);
  if (away <= vh) return 1;
  return away > 2 * vh ? -1 : 0;
}

export function scoreOf(r: ElementRecord, input: RankInput, modal: ElementRecord | undefined): number {
  const { tree, focus } = input;
  const kind = input.kindOf(r);
  let s = kind === 'el' || kind === 'scroll' ? 1 : 3;
  s += viewportScore(r, input.viewport.height);
  if (modal) s += tree.isWithin(r.key, modal.key) ? 4 : -5;
  if (input.isNew(r)) s += 1.5;
  if (r.states.includes('focused')) s += 3;
  if (focus && focus.key !== r.key) {
    if (r.containerKey && r.containerKey === focus.containerKey) s += 4;
    s += 3 / (1 + tree.distance(r.key, focus.key));
    const a = center(r); const b = center(focus);
    if (a && b) s += 2 * Math.exp(-Math.hypot(a.x - b.x, a.y - b.y) / 400);
  }
  if ((r.states.includes('required') && !r.value) || r.states.includes('invalid')) s += 1.5;
  if (r.states.includes('disabled')) s -= 2;
  if (r.occludedBy) s -= 4;
  return s;
}

/** The always-include set, most important first: focused, focus_id, dialog buttons, submit of the focused form. */
function mustInclude(input: RankInput): ElementRecord[] {
  const { elements, tree, focus } = input;
  const out: ElementRecord[] = [];
  const focused = elements.find((r) => r.states.includes('focused'));
  if (focused) out.push(focused);
  if (focus) out.push(focus);
  for (const anchor of [focus, focused]) {
    const form = anchor && tree.closest(anchor.key, isForm);
    const submit = form && elements.find((r) => isSubmit(r) && tree.isWithin(r.key, form.key));
    if (submit) out.push(submit);
  }
  const dialogs = [...tree.byKey.values()].filter(isDialog);
  for (const r of elements) if (r.role === 'button' && dialogs.some((d) => tree.isWithin(r.key, d.key))) out.push(r);
  return [...new Set(out)];
}

export interface Ranked { shown: ElementRecord[]; omitted: Omission[] }

export function rank(input: RankInput): Ranked {
  const { elements, tree } = input;
  const dialogs = [...tree.byKey.values()].filter((r) => isDialog(r) && r.states.includes('modal'));
  const modal = dialogs[dialogs.length - 1];
  const chosen = new Set(mustInclude(input).slice(0, input.max));
  if (chosen.size < input.max) {
    const scored = elements.filter((r) => !chosen.has(r)).map((r) => ({ r, s: scoreOf(r, input, modal) }));
    scored.sort((a, b) => b.s - a.s || a.r.order - b.r.order);
    for (const { r } of scored.slice(0, input.max - chosen.size)) chosen.add(r);
  }
  const shown = elements.filter((r) => chosen.has(r));
  return { shown, omitted: omissions(elements.filter((r) => !chosen.has(r)), tree, input.viewport.height) };
}

function regionOf(r: ElementRecord, tree: RecordTree): string {
  const landmark = tree.closest(r.key, (c) => c.kind === 'context' && c.role in LANDMARKS && c.role !== 'form' && (c.role !== 'region' || !!c.name));
  if (!landmark) return 'page';
  return landmark.role === 'region' ? landmark.name.slice(0, 30) : LANDMARKS[landmark.role]!;
}

function omissions(left: ElementRecord[], tree: RecordTree, vh: number): Omission[] {
  const byRegion = new Map<string, { count: number; below: number; above: number }>();
  for (const r of left) {
    const region = regionOf(r, tree);
    const o = byRegion.get(region) ?? { count: 0, below: 0, above: 0 };
    o.count++;
    if (r.bounds && r.bounds.y >= vh) o.below++;
    else if (r.bounds && r.bounds.y + r.bounds.height <= 0) o.above++;
    byRegion.set(region, o);
  }
  return [...byRegion].sort((a, b) => b[1].count - a[1].count).map(([region, o]) => {
    const hint = o.below * 2 > o.count ? 'scroll down' : o.above * 2 > o.count ? 'scroll up' : undefined;
    return hint ? { region, count: o.count, hint } : { region, count: o.count };
  });
}
