// Semantic capture (semantic.md §1): per renderer process (the page's session and each
// out-of-process iframe's own session) one DOMSnapshot and one Accessibility.getFullAXTree per local
// frame, all in parallel; joined on backendNodeId into records (semanticRecords.ts), with boxes in
// the tab's viewport and `occludedBy` from paint order. Reads only: nothing runs in the page, so a
// page paused in virtual time is captured as it stands (both calls force layout, not a frame).
import type { Protocol } from 'devtools-protocol';
import type { CdpSession } from './connection.ts';
import { FramePlacer } from './framePlacement.ts';
import type { PageTarget } from './pageTarget.ts';
import { RecordBuilder, type AxFrame } from './semanticRecords.ts';
import { SessionSnapshot, SNAPSHOT_STYLES, type Clip, type DocIndex } from './semanticSnapshot.ts';
import type { CapturedElement, CapturedFrameInfo, SemanticCapture } from './semanticTypes.ts';

export const SEMANTIC_CAPTURE_CAP_MS = 5_000;

/** Where each record lives, for act: its session and node, and how to find covers. */
export interface CaptureIndex {
  sessionOf(key: string): CdpSession | undefined;
  /** The record that is, or contains, `backendNodeId` in `session` (the blocker of a hit test). */
  recordAt(session: CdpSession, backendNodeId: number): CapturedElement | undefined;
  /** Is `backendNodeId` (in `session`) the record's node or inside it, or a <label> that activates it? */
  contains(key: string, session: CdpSession, backendNodeId: number): boolean;
  /** Where an out-of-process frame's viewport starts in the tab's, and its <iframe> in the parent process. */
  frameOf(session: CdpSession): { x: number; y: number; parent?: CdpSession; ownerBackendNodeId?: number } | undefined;
}

interface ProcessCapture { session: CdpSession; snapshot: SessionSnapshot; frames: AxFrame[]; tree: Protocol.Page.FrameTree; frameId: string;
  place: { x: number; y: number }; owner?: { parent: CdpSession; backendNodeId: number } }

let groupSeq = 0;

export async function captureSemantic(page: PageTarget, log: (line: string) => void,
  capMs = SEMANTIC_CAPTURE_CAP_MS): Promise<{ capture: SemanticCapture; index: CaptureIndex }> {
  // Asked beside the captures (not before them): one round trip less on a busy renderer.
  const metrics = page.session.send('Page.getLayoutMetrics', undefined, { timeoutMs: capMs });
  const topClip: Promise<Clip> = metrics.then((m) => [0, 0, m.cssLayoutViewport.clientWidth, m.cssLayoutViewport.clientHeight]);
  topClip.catch(() => undefined); // awaited by every process capture
  const placer = new FramePlacer(page, `abpd-semantic-${++groupSeq}`, capMs);
  try {
    const sessions = [page.session, ...[...page.frameSessions.values()].filter((s) => !s.closed)];
    const processes = (await Promise.all(sessions.map((session) => captureProcess(session, session === page.session, placer, topClip, capMs)
      .catch((err: Error) => { log(`semantic: a frame was not captured (${err.message})`); return null; }))))
      .filter((p): p is ProcessCapture => p !== null);
    const main = processes.find((p) => p.session === page.session);
    if (!main) throw new Error('the page could not be captured');
    await linkOutOfProcessFrames(processes, main, capMs);
    const top = await topClip;
    const viewport = { width: top[2], height: top[3] };
    const builder = new RecordBuilder(viewport);
    const mainFrame = main.frames.find((f) => f.frameId === page.mainFrameId) ?? main.frames[0];
    if (mainFrame) builder.build(mainFrame);
    markOcclusion(builder);
    const frames = frameInfos(processes, page.mainFrameId);
    const title = mainFrame?.root?.name?.value;
    const capture: SemanticCapture = { url: page.url, title: typeof title === 'string' ? title : page.title, viewport, frames, records: builder.records };
    return { capture, index: indexOf(builder, processes) };
  } finally {
    placer.release(log);
  }
}

async function captureProcess(session: CdpSession, isTop: boolean, placer: FramePlacer, topClip: Promise<Clip>, capMs: number): Promise<ProcessCapture | null> {
  const opts = { timeoutMs: capMs };
  // The root frame's AX tree is asked for at once, beside the snapshot (the slowest two calls);
  // same-process child frames follow once the snapshot has named them.
  const rootFrameId = placer.frameIdOf(session);
  const axOf = (frameId: string) => session.send('Accessibility.getFullAXTree', { frameId }, opts).then((r) => r.nodes);
  const rootAx = rootFrameId.then(axOf);
  rootAx.catch(() => undefined); // awaited below; a failure there fails the capture of this process
  const [tree, snap, place, frameId] = await Promise.all([
    session.send('Page.getFrameTree', undefined, opts).then((r) => r.frameTree),
    session.send('DOMSnapshot.captureSnapshot', { computedStyles: [...SNAPSHOT_STYLES], includePaintOrder: true, includeDOMRects: true }, opts),
    isTop ? topClip.then((clip) => ({ x: 0, y: 0, clip })) : placer.place(session),
    rootFrameId,
  ]);
  if (!place) return null; // an iframe that is not placed anywhere visible
  const top = await topClip;
  const snapshot = new SessionSnapshot(snap, { x: place.x, y: place.y, clip: [Math.max(place.clip[0], 0), Math.max(place.clip[1], 0), Math.min(place.clip[2], top[2]), Math.min(place.clip[3], top[3])] });
  const frames = await Promise.all(snapshot.docs.map(async (doc): Promise<AxFrame> => {
    const nodes = doc.frameId === frameId ? await rootAx : await axOf(doc.frameId);
    return { frameId: doc.frameId, snapshot, nodes: new Map(nodes.map((n) => [n.nodeId, n])), root: nodes[0], children: new Map() };
  }));
  // Same-process child documents hang under their owner <iframe>.
  const byFrame = new Map(frames.map((f) => [f.frameId, f]));
  for (const doc of snapshot.docs) {
    if (!doc.owner) continue;
    const ownerBackend = doc.owner.doc.doc.nodes.backendNodeId?.[doc.owner.node];
    const parent = byFrame.get(doc.owner.doc.frameId);
    const child = byFrame.get(doc.frameId);
    if (ownerBackend !== undefined && parent && child) parent.children.set(ownerBackend, child);
  }
  return { session, snapshot, frames, tree, frameId, place: { x: place.x, y: place.y } };
}

/** An out-of-process frame's AX tree hangs under its owner <iframe> in the parent process. */
async function linkOutOfProcessFrames(processes: ProcessCapture[], main: ProcessCapture, capMs: number): Promise<void> {
  await Promise.all(processes.filter((p) => p !== main).map(async (p) => {
    const root = p.frames.find((f) => f.frameId === p.frameId) ?? p.frames[0];
    if (!root) return;
    const ask = (parent: ProcessCapture) => parent.session.send('DOM.getFrameOwner', { frameId: p.frameId }, { timeoutMs: capMs })
      .then((r) => ({ parent, backendNodeId: r.backendNodeId }));
    // Only the parent's renderer knows the owner element; the others answer with an error.
    const found = await Promise.any(processes.filter((q) => q !== p).map(ask)).catch(() => null);
    if (!found) return;
    p.owner = { parent: found.parent.session, backendNodeId: found.backendNodeId };
    const at = found.parent.snapshot.byBackend.get(found.backendNodeId);
    const frame = at && found.parent.frames.find((f) => f.frameId === at.doc.frameId);
    frame?.children.set(found.backendNodeId, root);
  }));
}

/** An element whose centre is painted over by a node outside it (in its document or a parent's). */
function markOcclusion(builder: RecordBuilder): void {
  const byNode = new Map<DocIndex, Map<number, CapturedElement>>();
  for (const r of builder.records) {
    const w = builder.where.get(r.key)!;
    let m = byNode.get(w.doc);
    if (!m) { m = new Map(); byNode.set(w.doc, m); }
    m.set(w.node, r);
  }
  const recordUp = (doc: DocIndex, node: number): CapturedElement | undefined => {
    for (let n = node, guard = 0; n >= 0 && guard < 4096; guard++) {
      const r = byNode.get(doc)?.get(n);
      if (r) return r;
      n = doc.doc.nodes.parentIndex?.[n] ?? -1;
    }
    return undefined;
  };
  for (const r of builder.records) {
    if (r.kind !== 'element' || !r.inViewport || !r.bounds) continue;
    const { doc, node, frame } = builder.where.get(r.key)!;
    const snap = frame.snapshot;
    const x = r.bounds.x + r.bounds.width / 2, y = r.bounds.y + r.bounds.height / 2;
    let cover: CapturedElement | undefined;
    const hit = snap.topAt(doc, x, y);
    if (hit >= 0 && !snap.within(doc, hit, node) && !snap.within(doc, node, hit)) cover = recordUp(doc, hit) ?? coverRecord(builder, doc, hit, snap);
    // A same-process parent document can cover the whole frame (a banner over an iframe).
    for (let d = doc; !cover && d.owner; d = d.owner.doc) {
      const up = snap.topAt(d.owner.doc, x, y);
      if (up >= 0 && !snap.within(d.owner.doc, up, d.owner.node)) cover = recordUp(d.owner.doc, up) ?? coverRecord(builder, d.owner.doc, up, snap);
    }
    if (cover && cover.key !== r.key && cover.parentKey !== r.key) r.occludedBy = cover.key;
  }
}

/** A cover that is no record yet (a plain <div> banner): its outermost box below <body> becomes a context record. */
function coverRecord(builder: RecordBuilder, doc: DocIndex, hit: number, snap: SessionSnapshot): CapturedElement | undefined {
  let n = hit;
  for (let guard = 0; guard < 4096; guard++) {
    const p = snap.parent(doc, n);
    if (p < 0 || ['body', 'html'].includes(snap.tag(doc, p)) || doc.doc.nodes.nodeType?.[p] === 11) break;
    n = p;
  }
  const backend = doc.doc.nodes.backendNodeId?.[n];
  if (backend === undefined) return undefined;
  const key = `${doc.frameId}:${backend}`;
  const existing = builder.records.find((r) => r.key === key);
  if (existing) return existing;
  const attrs = snap.attrs(doc, n);
  const rec: CapturedElement = { key, frameId: doc.frameId, backendNodeId: backend, role: 'generic', name: (attrs['aria-label'] ?? attrs.id ?? '').slice(0, 60),
    tag: snap.tag(doc, n), states: [], attrs: attrs.id ? { id: attrs.id } : {}, bounds: snap.box(doc, n), inViewport: true, kind: 'context', order: builder.records.length };
  builder.records.push(rec);
  const frame = [...builder.where.values()].find((w) => w.doc === doc)!.frame;
  builder.where.set(key, { frame, doc, node: n });
  return rec;
}

function frameInfos(processes: ProcessCapture[], mainFrameId: string): CapturedFrameInfo[] {
  const out = new Map<string, CapturedFrameInfo>();
  const walk = (t: Protocol.Page.FrameTree, local: Set<string>): void => {
    const f = t.frame;
    if (local.has(f.id)) out.set(f.id, { frameId: f.id, isMain: f.id === mainFrameId, url: f.url + (f.urlFragment ?? ''), origin: f.securityOrigin, documentId: f.loaderId });
    for (const c of t.childFrames ?? []) walk(c, local);
  };
  for (const p of processes) walk(p.tree, new Set(p.frames.map((f) => f.frameId)));
  return [...out.values()];
}

function indexOf(builder: RecordBuilder, processes: ProcessCapture[]): CaptureIndex {
  const sessionBySnapshot = new Map(processes.map((p) => [p.snapshot, p.session]));
  const snapshotBySession = new Map(processes.map((p) => [p.session, p.snapshot]));
  const byDocNode = new Map<string, CapturedElement>();
  for (const r of builder.records) { const w = builder.where.get(r.key)!; byDocNode.set(`${w.doc.frameId}:${w.node}`, r); }
  return {
    sessionOf: (key) => { const w = builder.where.get(key); return w ? sessionBySnapshot.get(w.frame.snapshot) : undefined; },
    recordAt(session, backendNodeId) {
      const snap = snapshotBySession.get(session);
      const at = snap?.byBackend.get(backendNodeId);
      if (!snap || !at) return undefined;
      for (let n = at.node, guard = 0; n >= 0 && guard < 4096; n = snap.parent(at.doc, n), guard++) {
        const r = byDocNode.get(`${at.doc.frameId}:${n}`);
        if (r) return r;
      }
      return undefined;
    },
    contains(key, session, backendNodeId) {
      const w = builder.where.get(key);
      const snap = snapshotBySession.get(session);
      const at = snap?.byBackend.get(backendNodeId);
      if (!w || !snap || !at || w.frame.snapshot !== snap || at.doc !== w.doc) return false;
      if (snap.within(w.doc, at.node, w.node)) return true;
      // A click on a control's <label> (often the visible part of a styled checkbox) reaches it.
      const id = snap.attrs(w.doc, w.node).id;
      for (let n = at.node, guard = 0; n >= 0 && guard < 64; n = snap.parent(at.doc, n), guard++) {
        if (snap.tag(at.doc, n) !== 'label') continue;
        const target = snap.attrs(at.doc, n).for;
        return target !== undefined ? target === id : snap.within(at.doc, w.node, n);
      }
      return false;
    },
    frameOf(session) {
      const p = processes.find((q) => q.session === session);
      return p ? { ...p.place, ...(p.owner ? { parent: p.owner.parent, ownerBackendNodeId: p.owner.backendNodeId } : {}) } : undefined;
    },
  };
}
