// What a tab keeps between observes: its registry, the observation counter, and the answers the
// routes need (resolve an id, best candidates for an unknown or stale one, what an act changed).
import { normalise } from './fingerprint.ts';
import { buildObservation, describe, ScopeNotFound, type ObservationResult } from './observation.ts';
import { Registry, type CaptureResult, type Entry, type Lookup } from './registry.ts';
import { elementText } from './textForm.ts';
import { RecordTree } from './tree.ts';
import type { Capture, ObserveOptions } from './types.ts';

export interface Candidate { agent_id: string; role: string; name: string }

export const DEFAULT_OPTIONS: ObserveOptions = { max_elements: 50, include_context: true, id_style: 'slug' };

export class SemanticSession {
  readonly registry = new Registry();
  #obsSeq = 0;
  #lastObservationId: string | null = null;
  /** The latest capture and what the registry made of it (acts resolve against it). */
  last: { capture: Capture; result: CaptureResult } | null = null;

  /** A capture the client sees as an observation (markers against the previous one). */
  observe(capture: Capture, options: ObserveOptions, format: 'text' | 'json' | 'both', startedAt = performance.now()): ObservationResult {
    const result = this.absorb(capture);
    // A scope that is not on the page fails before the markers move on (the next observe still has them).
    if (options.scope && this.registry.lookup(options.scope).state !== 'live') throw new ScopeNotFound(options.scope);
    const markers = this.registry.report(result);
    const observationId = `obs_${++this.#obsSeq}`;
    const out = buildObservation({ registry: this.registry, capture, result, markers, options, observationId,
      previousId: this.#lastObservationId, format, startedAt });
    this.#lastObservationId = observationId;
    return out;
  }

  /** A capture taken for an act (binding, rebinding, what changed): not an observation. */
  absorb(capture: Capture): CaptureResult {
    const result = this.registry.observe(capture);
    this.last = { capture, result };
    return result;
  }

  lookup(id: string): Lookup { return this.registry.lookup(id); }

  /** The best current matches for an id the model named (from its words and what it last was). */
  candidates(id: string, limit = 5): Candidate[] {
    const found = this.registry.lookup(id);
    const was = 'entry' in found ? found.entry : undefined;
    const words = new Set(normalise(id.replace(/^f\d+\./, '').replace(/_\d+$/, '').replace(/_[a-z]+$/, '')).split(/[^a-z0-9#]+/).filter(Boolean));
    for (const w of normalise(was?.record.name ?? '').split(/[^a-z0-9#]+/)) if (w) words.add(w);
    const kind = id.replace(/_\d+$/, '').match(/_([a-z]+)$/)?.[1];
    const scored = this.registry.live().filter((e) => e.record.kind === 'element').map((e) => {
      const tokens = normalise(e.record.name).split(/[^a-z0-9#]+/).filter(Boolean);
      let s = tokens.filter((t) => words.has(t)).length / Math.max(1, words.size);
      if (was && e.record.role === was.record.role) s += 0.5;
      else if (kind && e.kind === kind) s += 0.3;
      return { e, s };
    }).filter((x) => x.s > 0);
    scored.sort((a, b) => b.s - a.s || a.e.record.order - b.e.record.order);
    return scored.slice(0, limit).map(({ e }) => ({ agent_id: e.id, role: e.record.role, name: e.record.name }));
  }

  /** Element lines that are new or changed in `after` against the capture before it (act's `changed`). */
  changedLines(after: CaptureResult, capture: Capture, idStyle: ObserveOptions['id_style'] = 'slug', limit = 30): string[] {
    const tree = new RecordTree(capture.records);
    const idOf = (e: Entry): string => (idStyle === 'short' ? e.short : e.id);
    const lines: string[] = [];
    for (const r of capture.records) {
      if (r.kind !== 'element') continue;
      const entry = after.byKey.get(r.key)!;
      const status = after.status.get(entry.id);
      if (status !== 'new' && status !== 'changed') continue;
      const d = describe(entry, r, tree, idOf, (k) => after.byKey.get(k), status, status);
      lines.push(`${status === 'new' ? '+' : '~'} ${elementText(d.line)}`);
      if (lines.length >= limit) break;
    }
    return lines;
  }
}
