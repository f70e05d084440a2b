// The per-tab id registry (semantic.md §2): readable ids that stay with an element across captures.
// Stability, in order: same node and role → same id; a node lost within the last 3 captures whose
// fingerprint equals a new node's → rebound; a fuzzy match ≥ 0.8 with a 0.1 margin → rebound; else a
// new id. Ids are never reused for another element within the tab's life; a frame's cross-document
// navigation retires its ids. Lost ids stay rebindable for 3 captures, then are tombstones for 3
// more, then only their name stays in a bounded "issued" set (so they answer `stale`, not `unknown`).
import { featuresOf, similarity, type Features } from './fingerprint.ts';
import { kindOf } from './roles.ts';
import { hex4, qualifierOf, stemOf } from './slug.ts';
import type { Capture, CapturedFrame, ElementRecord, ElementStatus } from './types.ts';

export const REBIND_WINDOW = 3;
export const TOMBSTONE_WINDOW = 3;
const MAX_ISSUED = 50_000;
const FUZZY_THRESHOLD = 0.8;
const FUZZY_MARGIN = 0.1;
/** Fuzzy matching is quadratic: beyond this many unmatched nodes × lost ids it is skipped. */
const FUZZY_PAIR_CAP = 250_000;

export interface Entry {
  id: string;
  short: string;
  /** Stem + kind with the frame prefix, before qualification/ordinal (collisions are found on it). */
  base: string;
  qualifier: string;
  kind: string;
  frameId: string;
  documentId: string;
  record: ElementRecord;
  features: Features;
  /** name|value|states of the last capture: a different one makes the element `changed`. */
  sig: string;
  createdSeq: number;
  /** Capture seq at which the binding was lost; null while bound. */
  lostSeq: number | null;
  retiredSeq: number | null;
}

export interface CaptureResult {
  seq: number;
  /** Record key → its entry (every record of the capture has one). */
  byKey: Map<string, Entry>;
  /** Against the previous capture. */
  status: Map<string, ElementStatus>;
  rebound: Set<string>;
  removed: string[];
}

export type Lookup =
  | { state: 'live' | 'lost'; entry: Entry }
  | { state: 'stale'; entry?: Entry }
  | { state: 'unknown' };

const sigOf = (r: ElementRecord): string => `${r.name}|${r.password ? '' : r.value ?? ''}|${r.states.filter((s) => s !== 'focused').join(',')}`;

export class Registry {
  #entries = new Map<string, Entry>();
  #byShort = new Map<string, string>();
  #byNode = new Map<string, Entry>();
  #issued = new Set<string>();
  #framePrefix = new Map<string, string>();
  #documents = new Map<string, string>();
  #shortSeq = 0;
  #frameSeq = 0;
  #seq = 0;
  #lastLive = new Set<string>();

  #reported: { seq: number; live: Set<string>; sigs: Map<string, string> } = { seq: 0, live: new Set(), sigs: new Map() };

  get seq(): number { return this.#seq; }

  /**
   * Markers for an observation a client will see: against the last *reported* one, so the captures
   * an act takes for itself do not swallow the `+`/`~` the next observe should show.
   */
  report(result: CaptureResult): { status: Map<string, ElementStatus>; removed: string[] } {
    const last = this.#reported;
    const status = new Map<string, ElementStatus>();
    const live = new Set<string>();
    const sigs = new Map<string, string>();
    for (const e of new Set(result.byKey.values())) {
      live.add(e.id);
      sigs.set(e.id, e.sig);
      const before = last.sigs.get(e.id);
      status.set(e.id, before === undefined ? (last.seq === 0 || e.createdSeq > last.seq || !last.live.has(e.id) ? 'new' : 'same') : before !== e.sig ? 'changed' : 'same');
    }
    const removed = [...last.live].filter((id) => !live.has(id));
    this.#reported = { seq: result.seq, live, sigs };
    return { status, removed };
  }

  /** `''` for the main frame, `f1.`, `f2.` … for the others (stable per frame for the tab's life). */
  prefixOf(frameId: string, isMain: boolean): string {
    let p = this.#framePrefix.get(frameId);
    if (p === undefined) { p = isMain ? '' : `f${++this.#frameSeq}.`; this.#framePrefix.set(frameId, p); }
    return p;
  }

  lookup(id: string): Lookup {
    const entry = this.#entries.get(this.#byShort.get(id) ?? id);
    if (entry && entry.retiredSeq === null && entry.lostSeq === null) return { state: 'live', entry };
    if (entry && entry.retiredSeq === null && this.#seq - entry.lostSeq! < REBIND_WINDOW) return { state: 'lost', entry };
    if (entry) return { state: 'stale', entry };
    return this.#issued.has(id) ? { state: 'stale' } : { state: 'unknown' };
  }

  /** Live entries (bound in the latest capture). */
  live(): Entry[] { return [...this.#byNode.values()]; }

  observe(capture: Capture): CaptureResult {
    const seq = ++this.#seq;
    const frames = new Map(capture.frames.map((f) => [f.frameId, f]));
    for (const f of capture.frames) {
      this.prefixOf(f.frameId, f.isMain);
      const before = this.#documents.get(f.frameId);
      if (before !== undefined && before !== f.documentId) this.#retireFrame(f.frameId, seq);
      this.#documents.set(f.frameId, f.documentId);
    }
    const byRecordKey = new Map(capture.records.map((r) => [r.key, r]));
    const containerOf = (r: ElementRecord) => (r.containerKey ? byRecordKey.get(r.containerKey) : undefined);
    const features = featuresOf(capture.records, containerOf, (id) => frames.get(id)?.origin ?? '', (id) => this.#framePrefix.get(id) ?? '');
    const byKey = new Map<string, Entry>();
    const status = new Map<string, ElementStatus>();
    const rebound = new Set<string>();

    // 1. Same node, same role.
    const unmatched: ElementRecord[] = [];
    const stillBound = new Set<Entry>();
    for (const r of capture.records) {
      const e = this.#byNode.get(r.key);
      if (e && e.record.role === r.role && e.documentId === frames.get(r.frameId)?.documentId) { byKey.set(r.key, e); stillBound.add(e); } else unmatched.push(r);
    }
    for (const [key, e] of this.#byNode) {
      if (!stillBound.has(e)) { e.lostSeq = seq; this.#byNode.delete(key); }
    }
    // 2. and 3. Rebind what lost its node within the window.
    const pool = [...this.#entries.values()].filter((e) => e.retiredSeq === null && e.lostSeq !== null && seq - e.lostSeq <= REBIND_WINDOW);
    const rest: ElementRecord[] = [];
    if (pool.length > 0) {
      const byPrint = new Map<string, Entry[]>();
      for (const e of pool) {
        const k = e.features.fingerprint + e.features.frame;
        const list = byPrint.get(k);
        if (list) list.push(e); else byPrint.set(k, [e]);
      }
      const taken = new Set<Entry>();
      for (const r of unmatched) {
        const f = features.get(r.key)!;
        const e = byPrint.get(f.fingerprint + f.frame)?.find((c) => !taken.has(c) && c.features.origin === f.origin);
        if (e) { taken.add(e); this.#bind(e, r, f, byKey); rebound.add(e.id); } else rest.push(r);
      }
      const left = pool.filter((e) => !taken.has(e));
      if (left.length > 0 && left.length * rest.length <= FUZZY_PAIR_CAP) {
        const still: ElementRecord[] = [];
        for (const r of rest) {
          const f = features.get(r.key)!;
          let best: Entry | undefined; let bestScore = 0; let second = 0;
          for (const e of left) {
            if (taken.has(e) || e.features.frame !== f.frame) continue;
            const s = similarity(f, e.features);
            if (s > bestScore) { second = bestScore; bestScore = s; best = e; } else if (s > second) second = s;
          }
          if (best && bestScore >= FUZZY_THRESHOLD && bestScore - second >= FUZZY_MARGIN) {
            taken.add(best); this.#bind(best, r, f, byKey); rebound.add(best.id);
          } else still.push(r);
        }
        rest.length = 0; rest.push(...still);
      }
    } else rest.push(...unmatched);
    // 4. New ids.
    this.#assignNew(rest, features, containerOf, frames, seq, byKey);

    for (const r of capture.records) {
      const e = byKey.get(r.key)!;
      e.record = r;
      e.features = features.get(r.key)!;
      const sig = sigOf(r);
      status.set(e.id, e.createdSeq === seq ? 'new' : sig !== e.sig ? 'changed' : 'same');
      e.sig = sig;
    }
    const live = new Set([...byKey.values()].map((e) => e.id));
    const removed = [...this.#lastLive].filter((id) => !live.has(id));
    this.#lastLive = live;
    this.#expire(seq);
    return { seq, byKey, status, rebound, removed };
  }

  #bind(e: Entry, r: ElementRecord, f: Features, byKey: Map<string, Entry>): void {
    e.lostSeq = null;
    e.record = r;
    e.features = f;
    this.#byNode.set(r.key, e);
    byKey.set(r.key, e);
  }

  #retireFrame(frameId: string, seq: number): void {
    for (const e of this.#entries.values()) {
      if (e.frameId !== frameId || e.retiredSeq !== null) continue;
      e.retiredSeq = seq;
      e.lostSeq ??= seq;
      this.#byNode.delete(e.record.key);
    }
  }

  #assignNew(records: ElementRecord[], features: Map<string, { fingerprint: string } & Features>,
    containerOf: (r: ElementRecord) => ElementRecord | undefined, frames: Map<string, CapturedFrame>,
    seq: number, byKey: Map<string, Entry>): void {
    const groups = new Map<string, ElementRecord[]>();
    const baseOf = new Map<string, { base: string; kind: string }>();
    for (const r of records) {
      const kind = kindOf(r);
      const stem = stemOf(r);
      const prefix = this.#framePrefix.get(r.frameId) ?? '';
      const base = `${prefix}${stem ? `${stem}_${kind}` : `${kind}_${hex4(features.get(r.key)!.fingerprint)}`}`;
      baseOf.set(r.key, { base, kind });
      const g = groups.get(base);
      if (g) g.push(r); else groups.set(base, [r]);
    }
    const liveByBase = new Map<string, Entry[]>();
    for (const e of this.#byNode.values()) {
      const l = liveByBase.get(e.base);
      if (l) l.push(e); else liveByBase.set(e.base, [e]);
    }
    for (const [base, group] of groups) {
      const existing = liveByBase.get(base) ?? [];
      const prefix = base.startsWith('f') && base.includes('.') ? base.slice(0, base.indexOf('.') + 1) : '';
      const bare = base.slice(prefix.length);
      const quals = group.map((r) => qualifierOf(containerOf(r)));
      const taken = existing.length > 0 || this.#issued.has(base);
      // Qualify by container only when that tells every look-alike apart; else count.
      const distinct = (group.length > 1 || taken) && quals.every(Boolean) && new Set(quals).size === quals.length
        && !existing.some((e) => !e.qualifier || quals.includes(e.qualifier));
      group.forEach((r, i) => {
        const q = quals[i]!;
        let id: string;
        if (distinct && !this.#issued.has(`${prefix}${q}_${bare}`)) id = `${prefix}${q}_${bare}`;
        else id = this.#nextFree(base);
        const f = features.get(r.key)!;
        const entry: Entry = {
          id, short: `e${++this.#shortSeq}`, base, qualifier: distinct ? q : '', kind: baseOf.get(r.key)!.kind,
          frameId: r.frameId, documentId: frames.get(r.frameId)?.documentId ?? '', record: r, features: f,
          sig: '', createdSeq: seq, lostSeq: null, retiredSeq: null,
        };
        this.#issue(id); this.#issue(entry.short);
        this.#entries.set(id, entry);
        this.#byShort.set(entry.short, id);
        this.#byNode.set(r.key, entry);
        byKey.set(r.key, entry);
      });
    }
  }

  #nextFree(base: string): string {
    if (!this.#issued.has(base)) return base;
    for (let n = 2; ; n++) if (!this.#issued.has(`${base}_${n}`)) return `${base}_${n}`;
  }

  #issue(id: string): void {
    this.#issued.add(id);
    if (this.#issued.size > MAX_ISSUED) this.#issued.delete(this.#issued.values().next().value!);
  }

  /** Lost beyond the window → tombstone; tombstones beyond theirs → dropped (memory stays bounded). */
  #expire(seq: number): void {
    for (const [id, e] of this.#entries) {
      if (e.lostSeq === null) continue;
      const since = e.retiredSeq ?? e.lostSeq + REBIND_WINDOW;
      if (seq - since > TOMBSTONE_WINDOW) { this.#entries.delete(id); this.#byShort.delete(e.short); }
    }
  }
}
