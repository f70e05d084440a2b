// One renderer process's DOMSnapshot, indexed for the semantic capture: boxes in the tab's viewport
// (documents of same-process iframes placed inside their owner), the styles that decide visibility
// and clickability, identity attributes, flat-tree parents (shadow roots, open or closed, are
// children of their host in the snapshot) and the topmost painted node at a point (occlusion).
import type { Protocol } from 'devtools-protocol';

type Snap = Protocol.DOMSnapshot.CaptureSnapshotResponse;
type Doc = Protocol.DOMSnapshot.DocumentSnapshot;
export type Clip = [number, number, number, number];

export const SNAPSHOT_STYLES = ['visibility', 'cursor', 'overflow-x', 'overflow-y', 'pointer-events'] as const;
const S_VISIBILITY = 0, S_CURSOR = 1, S_OVERFLOW_X = 2, S_OVERFLOW_Y = 3, S_POINTER = 4;

export interface DocIndex {
  doc: Doc;
  frameId: string;
  /** Added to snapshot bounds (document coordinates) to get top-level viewport coordinates. */
  dx: number;
  dy: number;
  /** The part of the top-level viewport where this document is visible. */
  clip: Clip;
  layoutOf: Int32Array;
  /** Owner <iframe> in the parent document of this snapshot, when the parent is in this process. */
  owner?: { doc: DocIndex; node: number };
  /** Layout indices painted in this document, topmost first (for topAt). */
  painted: number[];
}

const rare = (data: Protocol.DOMSnapshot.RareBooleanData | undefined): Set<number> => new Set(data?.index ?? []);

export class SessionSnapshot {
  readonly docs: DocIndex[] = [];
  readonly byBackend = new Map<number, { doc: DocIndex; node: number }>();
  #clickable = new Map<DocIndex, Set<number>>();
  #checked = new Map<DocIndex, Set<number>>();

  /** `base`: where the process's top document sits in the tab viewport (an OOPIF's placement). */
  constructor(readonly snap: Snap, base: { x: number; y: number; clip: Clip }) {
    const str = (i: number | undefined): string => (i === undefined || i < 0 ? '' : snap.strings[i] ?? '');
    const owners = new Map<number, { docIndex: number; node: number }>();
    snap.documents.forEach((doc, d) => {
      const cdi = doc.nodes.contentDocumentIndex;
      cdi?.index.forEach((node, k) => owners.set(cdi.value[k]!, { docIndex: d, node }));
    });
    const built = new Map<number, DocIndex>();
    const build = (d: number): DocIndex => {
      const existing = built.get(d);
      if (existing) return existing;
      const doc = snap.documents[d]!;
      const layoutOf = new Int32Array(doc.nodes.backendNodeId?.length ?? 0).fill(-1);
      doc.layout.nodeIndex.forEach((node, li) => { if (layoutOf[node] === -1) layoutOf[node] = li; });
      const sx = doc.scrollOffsetX ?? 0, sy = doc.scrollOffsetY ?? 0;
      const ownerRef = owners.get(d);
      let dx = base.x - sx, dy = base.y - sy, clip = base.clip;
      let owner: DocIndex['owner'];
      if (ownerRef) {
        const parent = build(ownerRef.docIndex);
        const li = parent.layoutOf[ownerRef.node]!;
        const b = li >= 0 ? parent.doc.layout.bounds[li]! : [0, 0, 0, 0];
        const c = li >= 0 ? parent.doc.layout.clientRects?.[li] ?? [0, 0, b[2]!, b[3]!] : [0, 0, 0, 0];
        const x = b[0]! + parent.dx + c[0]!, y = b[1]! + parent.dy + c[1]!;
        dx = x - sx; dy = y - sy;
        clip = intersect(parent.clip, [x, y, x + c[2]!, y + c[3]!]);
        owner = { doc: parent, node: ownerRef.node };
      }
      // Only what is painted inside the visible part matters for occlusion: filter once, topmost first.
      const orders = doc.layout.paintOrders;
      const painted = orders ? [...doc.layout.nodeIndex.keys()].filter((li) => {
        const b = doc.layout.bounds[li]!;
        const x = b[0]! + dx, y = b[1]! + dy;
        return b[2]! > 0 && b[3]! > 0 && x < clip[2] && y < clip[3] && x + b[2]! > clip[0] && y + b[3]! > clip[1];
      }).sort((a, b) => orders[b]! - orders[a]!) : [];
      const index: DocIndex = { doc, frameId: str(doc.frameId), dx, dy, clip, layoutOf, owner, painted };
      built.set(d, index);
      return index;
    };
    snap.documents.forEach((_, d) => {
      const index = build(d);
      this.docs.push(index);
      this.#clickable.set(index, rare(index.doc.nodes.isClickable));
      this.#checked.set(index, rare(index.doc.nodes.inputChecked));
      index.doc.nodes.backendNodeId?.forEach((id, node) => this.byBackend.set(id, { doc: index, node }));
    });
  }

  str(i: number | undefined): string { return i === undefined || i < 0 ? '' : this.snap.strings[i] ?? ''; }

  tag(doc: DocIndex, node: number): string { return this.str(doc.doc.nodes.nodeName?.[node]).toLowerCase(); }

  attrs(doc: DocIndex, node: number): Record<string, string> {
    const flat = doc.doc.nodes.attributes?.[node] ?? [];
    const out: Record<string, string> = {};
    for (let k = 0; k + 1 < flat.length; k += 2) out[this.str(flat[k])] = this.str(flat[k + 1]);
    return out;
  }

  parent(doc: DocIndex, node: number): number { return doc.doc.nodes.parentIndex?.[node] ?? -1; }

  style(doc: DocIndex, node: number, which: number): string {
    const li = doc.layoutOf[node]!;
    return li < 0 ? '' : this.str(doc.doc.layout.styles[li]?.[which]);
  }

  /** Border box in the tab viewport; null when the node has no layout box or a zero-size one. */
  box(doc: DocIndex, node: number): { x: number; y: number; width: number; height: number } | null {
    const li = doc.layoutOf[node]!;
    if (li < 0) return null;
    const b = doc.doc.layout.bounds[li]!;
    if (b[2]! < 1 || b[3]! < 1) return null;
    return { x: b[0]! + doc.dx, y: b[1]! + doc.dy, width: b[2]!, height: b[3]! };
  }

  hidden(doc: DocIndex, node: number): boolean { return this.style(doc, node, S_VISIBILITY) === 'hidden'; }

  clickable(doc: DocIndex, node: number): boolean {
    if (this.#clickable.get(doc)!.has(node)) return true;
    if (this.style(doc, node, S_CURSOR) !== 'pointer') return false;
    const p = this.parent(doc, node);
    return p < 0 || this.style(doc, p, S_CURSOR) !== 'pointer'; // not inherited
  }

  checked(doc: DocIndex, node: number): boolean { return this.#checked.get(doc)!.has(node); }

  scrollable(doc: DocIndex, node: number): boolean {
    const li = doc.layoutOf[node]!;
    if (li < 0) return false;
    const tag = this.tag(doc, node);
    if (tag === 'html' || tag === 'body') return false;
    const scroll = doc.doc.layout.scrollRects?.[li];
    const client = doc.doc.layout.clientRects?.[li];
    if (!scroll || !client) return false;
    const scrolls = (v: string): boolean => v === 'auto' || v === 'scroll' || v === 'overlay';
    return (scroll[3]! > client[3]! + 1 && scrolls(this.style(doc, node, S_OVERFLOW_Y)))
      || (scroll[2]! > client[2]! + 1 && scrolls(this.style(doc, node, S_OVERFLOW_X)));
  }

  /** The topmost painted node of `doc` at a viewport point that takes pointer events (-1: none). */
  topAt(doc: DocIndex, x: number, y: number): number {
    const layout = doc.doc.layout;
    for (const li of doc.painted) {
      const b = layout.bounds[li]!;
      const bx = b[0]! + doc.dx, by = b[1]! + doc.dy;
      if (x < bx || y < by || x >= bx + b[2]! || y >= by + b[3]!) continue;
      const node = layout.nodeIndex[li]!;
      const styles = layout.styles[li];
      if (this.str(styles?.[S_POINTER]) === 'none' || this.str(styles?.[S_VISIBILITY]) === 'hidden') continue;
      return doc.doc.nodes.nodeType?.[node] === 3 ? this.parent(doc, node) : node;
    }
    return -1;
  }

  /** Is `node` the same as, or inside, `ancestor` (flat tree, one document)? */
  within(doc: DocIndex, node: number, ancestor: number): boolean {
    for (let n = node, guard = 0; n >= 0 && guard < 4096; n = this.parent(doc, n), guard++) if (n === ancestor) return true;
    return false;
  }
}

export function intersect(a: Clip, b: Clip): Clip {
  return [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
}
