// Ancestry over one capture's records (parentKey links), memoised: ranking asks "inside the modal?",
// "same form?", "how far apart?" for every candidate.
import type { ElementRecord } from './types.ts';

export class RecordTree {
  readonly byKey: Map<string, ElementRecord>;
  #chains = new Map<string, string[]>();

  constructor(records: ElementRecord[]) {
    this.byKey = new Map(records.map((r) => [r.key, r]));
  }

  /** Ancestor keys, nearest first (not including the record itself). */
  ancestors(key: string): string[] {
    let chain = this.#chains.get(key);
    if (chain) return chain;
    const parent = this.byKey.get(key)?.parentKey;
    chain = parent && this.byKey.has(parent) ? [parent, ...this.ancestors(parent)] : [];
    this.#chains.set(key, chain);
    return chain;
  }

  isWithin(key: string, ancestorKey: string): boolean {
    return key === ancestorKey || this.ancestors(key).includes(ancestorKey);
  }

  /** The nearest ancestor (or the record itself) matching `test`. */
  closest(key: string, test: (r: ElementRecord) => boolean): ElementRecord | undefined {
    const self = this.byKey.get(key);
    if (self && test(self)) return self;
    for (const k of this.ancestors(key)) { const r = this.byKey.get(k); if (r && test(r)) return r; }
    return undefined;
  }

  /** Edges between two records through their lowest common ancestor. */
  distance(a: string, b: string): number {
    const pa = [a, ...this.ancestors(a)];
    const pb = [b, ...this.ancestors(b)];
    const inB = new Map(pb.map((k, i) => [k, i]));
    for (let i = 0; i < pa.length; i++) { const j = inB.get(pa[i]!); if (j !== undefined) return i + j; }
    return pa.length + pb.length;
  }

  /** Grouping containers from the outermost to the nearest (containerKey links). */
  containerChain(r: ElementRecord): ElementRecord[] {
    const out: ElementRecord[] = [];
    const seen = new Set<string>();
    for (let k = r.containerKey; k && !seen.has(k); k = this.byKey.get(k)?.containerKey) {
      seen.add(k);
      const c = this.byKey.get(k);
      if (!c) break;
      out.unshift(c);
    }
    return out;
  }
}
