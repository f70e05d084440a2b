// From an agent_id to a point a person's click would use (semantic.md §3 "Resolution"): registry →
// binding (re-captured, so a replaced node is rebound); scroll into view; the centre of its visible
// box; a hit test there — if the topmost node is not the target (or inside it, or its label), 409
// INTERSTITIAL_BLOCKED names the blocker. An open modal that does not contain the target blocks too.
import type { CdpSession } from '../../cdp/connection.ts';
import type { Entry } from '../../semantic/registry.ts';
import type { ElementRecord } from '../../semantic/types.ts';
import type { Candidate } from '../../semantic/session.ts';
import { RecordTree } from '../../semantic/tree.ts';
import { ApiError } from '../errors.ts';
import type { Tab } from '../tab.ts';
import { absorbTab, elementNotFound, RPC, semanticOf, type Captured } from './state.ts';
import type { CaptureResult } from '../../semantic/registry.ts';

export interface Resolved { entry: Entry; record: ElementRecord; session: CdpSession; rebound: boolean; captured: Captured & { result: CaptureResult } }

/** The element behind `id` in a fresh capture, or 404 with the best current candidates. */
export async function resolveTarget(tab: Tab, id: string, fresh = false): Promise<Resolved> {
  const semantic = semanticOf(tab);
  const before = semantic.lookup(id);
  const boundTo = before.state === 'live' ? before.entry.record.key : null;
  const captured = await absorbTab(tab, fresh);
  const now = semantic.lookup(id);
  if (now.state !== 'live') {
    const reason = now.state === 'unknown' ? 'unknown' : 'stale';
    throw elementNotFound(id, reason, semantic.candidates(id));
  }
  const session = captured.index.sessionOf(now.entry.record.key);
  if (!session) throw elementNotFound(id, 'stale', semantic.candidates(id));
  return { entry: now.entry, record: now.entry.record, session, rebound: boundTo !== null && boundTo !== now.entry.record.key || before.state === 'lost', captured };
}

const blockedBy = (blocker: Candidate | null, target: string, why: string): ApiError =>
  new ApiError(409, 'INTERSTITIAL_BLOCKED', `${target} is covered by ${blocker ? `${blocker.role} "${blocker.name}" [${blocker.agent_id}]` : 'another element'} (${why}). `
    + `Act on the blocker first (close or accept it), or observe again.`).withData({ rpc_code: RPC.INTERSTITIAL_BLOCKED, agent_id: target, blocker });

function candidateOf(r: Resolved, key: string | undefined): Candidate | null {
  if (!key) return null;
  const e = r.captured.result.byKey.get(key);
  return e ? { agent_id: e.id, role: e.record.role, name: e.record.name } : null;
}

/** Scrolls the target into view when it is not, re-reading its box; returns the point to act at. */
export async function pointFor(tab: Tab, r: Resolved, id: string): Promise<{ x: number; y: number; resolved: Resolved }> {
  let resolved = r;
  if (!resolved.record.inViewport) {
    await resolved.session.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: resolved.record.backendNodeId }, { timeoutMs: 3_000 });
    const frame = resolved.captured.index.frameOf(resolved.session);
    // An out-of-process frame scrolls its own document; the page may have to bring the frame in too.
    if (frame?.parent && frame.ownerBackendNodeId !== undefined) {
      await frame.parent.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: frame.ownerBackendNodeId }, { timeoutMs: 3_000 });
    }
    resolved = await resolveTarget(tab, id, true); // it scrolled: read the page again
  }
  const b = resolved.record.bounds;
  if (!b || !resolved.record.inViewport) throw new ApiError(409, 'ELEMENT_NOT_VISIBLE', `${id} could not be scrolled into view. Observe again.`).withData({ rpc_code: RPC.INTERSTITIAL_BLOCKED, agent_id: id });
  const v = resolved.record.visible ?? b;
  return { x: Math.round(v.x + v.width / 2), y: Math.round(v.y + v.height / 2), resolved };
}

/** 409 unless a click at (x, y) reaches the target (through an out-of-process frame when it is in one). */
export async function assertReachable(tab: Tab, r: Resolved, id: string, x: number, y: number): Promise<void> {
  const { index, capture } = r.captured;
  const tree = new RecordTree(capture.records);
  const modal = capture.records.filter((c) => (c.role === 'dialog' || c.role === 'alertdialog') && c.states.includes('modal')).pop();
  if (modal && !tree.isWithin(r.record.key, modal.key)) throw blockedBy(candidateOf(r, modal.key), id, 'an open modal dialog');
  const hitIn = async (session: CdpSession, px: number, py: number) =>
    session.send('DOM.getNodeForLocation', { x: px, y: py, includeUserAgentShadowDOM: false, ignorePointerEventsNone: true }, { timeoutMs: 3_000 });
  const top = tab.page.session;
  const hit = await hitIn(top, x, y);
  if (r.session === top) {
    if (index.contains(r.record.key, top, hit.backendNodeId)) return;
    throw blockedBy(candidateOf(r, index.recordAt(top, hit.backendNodeId)?.key), id, `the topmost element at ${x},${y}`);
  }
  // The target lives in an out-of-process frame: the page's hit must be that frame's <iframe>, then
  // the frame's own hit test decides.
  const frame = index.frameOf(r.session);
  if (frame?.parent === top && frame.ownerBackendNodeId !== undefined && hit.backendNodeId !== frame.ownerBackendNodeId) {
    throw blockedBy(candidateOf(r, index.recordAt(top, hit.backendNodeId)?.key), id, `the topmost element at ${x},${y}`);
  }
  const inner = await hitIn(r.session, x - (frame?.x ?? 0), y - (frame?.y ?? 0));
  if (!index.contains(r.record.key, r.session, inner.backendNodeId)) {
    throw blockedBy(candidateOf(r, index.recordAt(r.session, inner.backendNodeId)?.key), id, `the topmost element at ${x},${y} in its frame`);
  }
}
