// One observation: a capture through the registry, ranked, in the JSON and the text form. The
// daemon calls this with the records cdp/ captured; nothing here knows about CDP or HTTP.
import { rank } from './ranking.ts';
import type { CaptureResult, Entry, Registry } from './registry.ts';
import { actionsFor, GROUPING_ROLES, VALUE_KINDS } from './roles.ts';
import { renderText, type TextLine } from './textForm.ts';
import { RecordTree } from './tree.ts';
import type { Capture, ElementRecord, ElementStatus, ObservedElement, ObserveOptions, Omission } from './types.ts';

export interface ObservationResult {
  observation_id: string;
  previous_observation_id: string | null;
  url: string;
  title: string;
  elements?: ObservedElement[];
  omitted: Omission[];
  removed: string[];
  text?: string;
  stats: { candidates: number; returned: number; text_chars: number; duration_ms: number };
}

export class ScopeNotFound extends Error {}

export interface Described { entry: Entry; record: ElementRecord; line: TextLine; json: ObservedElement }

/** An element as the JSON and text forms show it (also used for act's `changed` and candidates). */
export function describe(entry: Entry, r: ElementRecord, tree: RecordTree, idOf: (e: Entry) => string,
  entryOf: (key: string) => Entry | undefined, status: ElementStatus, marker: ElementStatus | null): Described {
  const kind = entry.kind;
  // The centre of what can be seen (a box cut by the viewport or its frame is clicked where it shows).
  const box = r.visible ?? r.bounds;
  const center = box ? { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) } : null;
  const chain = tree.containerChain(r).filter((c) => GROUPING_ROLES.has(c.role) || c.tag === 'form');
  const nearest = chain[chain.length - 1];
  const cover = r.occludedBy ? entryOf(r.occludedBy) : undefined;
  const coveredBy = cover ? idOf(cover) : null;
  const value = VALUE_KINDS.has(kind) ? (r.password ? '' : r.value ?? '') : undefined;
  const frame = entry.id.includes('.') && /^f\d+\./.test(entry.id) ? entry.id.slice(0, entry.id.indexOf('.')) : '';
  const line: TextLine = {
    id: idOf(entry), role: r.role, name: r.name, states: r.states, value, password: r.password, center,
    inViewport: r.inViewport, coveredBy, marker,
    containers: chain.map((c) => ({ key: c.key, role: c.tag === 'form' && c.role !== 'form' ? 'form' : c.role, name: c.name, modal: c.states.includes('modal') })),
  };
  const json: ObservedElement = {
    agent_id: idOf(entry), kind, role: r.role, name: r.name, ...(value !== undefined ? { value: r.password ? '•••' : value } : {}),
    states: r.states, frame,
    // The container's own id: what `scope` takes (header lines in the text form carry none, by the spec).
    container: nearest ? { role: line.containers[line.containers.length - 1]!.role, name: nearest.name, ...(entryOf(nearest.key) ? { agent_id: idOf(entryOf(nearest.key)!) } : {}) } : null,
    center, bounds: r.bounds, in_viewport: r.inViewport, occluded_by: coveredBy, status, actions: actionsFor(kind, r),
  };
  return { entry, record: r, line, json };
}

export interface BuildInput {
  registry: Registry;
  capture: Capture;
  result: CaptureResult;
  markers: { status: Map<string, ElementStatus>; removed: string[] };
  options: ObserveOptions;
  observationId: string;
  previousId: string | null;
  format: 'text' | 'json' | 'both';
  startedAt: number;
}

export function buildObservation(input: BuildInput): ObservationResult {
  const { capture, result, options, markers } = input;
  const tree = new RecordTree(capture.records);
  const idOf = (e: Entry): string => (options.id_style === 'short' ? e.short : e.id);
  const entryOf = (key: string): Entry | undefined => result.byKey.get(key);
  const keyOfId = (id: string): string | undefined => {
    const found = input.registry.lookup(id);
    return found.state === 'live' ? found.entry.record.key : undefined;
  };
  let elements = capture.records.filter((r) => r.kind === 'element');
  if (options.scope) {
    const scopeKey = keyOfId(options.scope);
    if (!scopeKey) throw new ScopeNotFound(options.scope);
    elements = elements.filter((r) => tree.isWithin(r.key, scopeKey));
  }
  const focusKey = options.focus_id ? keyOfId(options.focus_id) : undefined;
  const focus = focusKey ? tree.byKey.get(focusKey) : undefined;
  const hasPrevious = input.previousId !== null;
  const statusOf = (r: ElementRecord): ElementStatus => markers.status.get(result.byKey.get(r.key)!.id) ?? 'same';
  const ranked = rank({
    elements, tree, kindOf: (r) => result.byKey.get(r.key)!.kind, isNew: (r) => hasPrevious && statusOf(r) === 'new',
    viewport: capture.viewport, focus: focus?.kind === 'element' ? focus : undefined, max: options.max_elements,
  });
  const described = ranked.shown.map((r) => {
    const status = statusOf(r);
    return describe(result.byKey.get(r.key)!, r, tree, idOf, entryOf, status, hasPrevious && status !== 'same' ? status : null);
  });
  const removed = markers.removed.map((id) => {
    if (options.id_style === 'slug') return id;
    const found = input.registry.lookup(id);
    return 'entry' in found && found.entry ? found.entry.short : id;
  });
  const text = renderText({
    title: capture.title, url: capture.url, observationId: input.observationId, candidates: elements.length,
    lines: described.map((d) => d.line), omitted: ranked.omitted, removed, includeContext: options.include_context,
  });
  const out: ObservationResult = {
    observation_id: input.observationId, previous_observation_id: input.previousId, url: capture.url, title: capture.title,
    ...(input.format !== 'text' ? { elements: described.map((d) => d.json) } : {}),
    omitted: ranked.omitted, removed,
    ...(input.format !== 'json' ? { text } : {}),
    stats: { candidates: elements.length, returned: described.length, text_chars: text.length, duration_ms: Math.round(performance.now() - input.startedAt) },
  };
  return out;
}
