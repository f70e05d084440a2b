// The text form of an observation (semantic.md §1): its line format is part of the contract. One
// element per line, first token `[agent_id]` after an optional `+`/`~` marker and indentation;
// lines in document order under their nearest container; omissions and removals at the end.
import type { ElementStatus, Omission } from './types.ts';

export interface TextLine {
  id: string;
  role: string;
  name: string;
  states: string[];
  /** Present for fields: shown as value="…" (or value=••• for passwords). */
  value?: string;
  password?: boolean;
  center: { x: number; y: number } | null;
  inViewport: boolean;
  coveredBy: string | null;
  marker: ElementStatus | null;
  /** Grouping containers, outermost first: a header line each where the chain changes. */
  containers: Array<{ key: string; role: string; name: string; modal: boolean }>;
}

export const FLAG_ORDER = ['focused', 'disabled', 'checked', 'mixed', 'expanded', 'required', 'invalid', 'selected'] as const;
const MAX_NAME = 60;
const MAX_VALUE = 40;
const MAX_REMOVED = 20;

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const quote = (s: string): string => JSON.stringify(s);

/** One element line without marker and indentation: `[id] role "name" flags value="…" @x,y`. */
export function elementText(l: Omit<TextLine, 'marker' | 'containers'>): string {
  const parts = [`[${l.id}]`, l.role];
  if (l.name) parts.push(quote(clip(l.name, MAX_NAME)));
  for (const f of FLAG_ORDER) if (l.states.includes(f)) parts.push(f);
  if (l.value !== undefined) parts.push(l.password ? 'value=•••' : `value=${quote(clip(l.value, MAX_VALUE))}`);
  if (l.coveredBy) parts.push(`covered_by=${l.coveredBy}`);
  if (l.inViewport && l.center) parts.push(`@${Math.round(l.center.x)},${Math.round(l.center.y)}`);
  return parts.join(' ');
}

const MARK: Record<ElementStatus, string> = { new: '+', changed: '~', same: ' ' };

export interface TextFormInput {
  title: string;
  url: string;
  observationId: string;
  candidates: number;
  lines: TextLine[];
  omitted: Omission[];
  removed: string[];
  includeContext: boolean;
}

export function renderText(input: TextFormInput): string {
  const out = [`page: ${input.title || '(untitled)'} — ${input.url}   (${input.observationId}; ${input.candidates} elements, ${input.lines.length} shown)`];
  let open: string[] = [];
  for (const line of input.lines) {
    const chain = input.includeContext ? line.containers : [];
    let same = 0;
    while (same < chain.length && same < open.length && open[same] === chain[same]!.key) same++;
    for (let i = same; i < chain.length; i++) {
      const c = chain[i]!;
      out.push(`${'  '.repeat(i)}${c.role}${c.name ? ` ${quote(clip(c.name, MAX_NAME))}` : ''}${c.modal ? ' (modal)' : ''}`);
    }
    open = chain.map((c) => c.key);
    const indent = '  '.repeat(Math.max(0, chain.length - 1));
    out.push(`${line.marker ? MARK[line.marker] : ' '} ${indent}${elementText(line)}`);
  }
  if (input.omitted.length > 0) {
    out.push(`… ${input.omitted.map((o) => `${o.region}: ${o.count} more${o.hint ? ` (${o.hint})` : ''}`).join(' · ')}`);
  }
  if (input.removed.length > 0) {
    const more = input.removed.length - MAX_REMOVED;
    out.push(`removed: ${input.removed.slice(0, MAX_REMOVED).join(', ')}${more > 0 ? ` (+${more} more)` : ''}`);
  }
  return out.join('\n');
}
