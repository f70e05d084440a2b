// Where an out-of-process iframe (its own CDP session, its own renderer) sits in the tab's top-level
// viewport, and whether a point there really reaches it. Its document only knows its own viewport,
// so every level up asks the parent session about the <iframe> element: DOM.getFrameOwner finds it,
// the page script measures its content box and hit-tests points against it (covering elements in
// the parent hide the frame's elements just as they hide the parent's own).
import type { CdpSession } from './connection.ts';
import { PAGE_FUNCTION } from './elementScan.ts';
import type { Clip, FrameGeometry, PageRequest, Point } from './elementTypes.ts';
import { worldContext } from './isolatedWorld.ts';
import type { PageTarget } from './pageTarget.ts';

export interface Placement {
  /** Offset of the frame's viewport in the top-level viewport. */
  x: number;
  y: number;
  /** The part of the top-level viewport where the frame is visible. */
  clip: Clip;
  /** For points in top-level coordinates: does a click there reach this frame (through every ancestor)? */
  verify(points: Point[]): Promise<boolean[]>;
}

const TOP: Placement = { x: 0, y: 0, clip: [-Infinity, -Infinity, Infinity, Infinity], verify: async (points) => points.map(() => true) };

export const intersect = (a: Clip, b: Clip): Clip =>
  [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
export const shift = (c: Clip, dx: number, dy: number): Clip => [c[0] + dx, c[1] + dy, c[2] + dx, c[3] + dy];

// A frame target's id is its frame id; its parent process never changes for the target's lifetime.
const frameIds = new WeakMap<CdpSession, Promise<string>>();
const parents = new WeakMap<CdpSession, CdpSession>();

/** Placements of one collection; remote objects it creates live in `group` until release(). */
export class FramePlacer {
  #memo = new Map<CdpSession, Promise<Placement | null>>();
  #touched = new Set<CdpSession>();

  constructor(readonly page: PageTarget, readonly group: string, readonly timeoutMs: number) {}

  frameIdOf(session: CdpSession): Promise<string> {
    if (session === this.page.session) return Promise.resolve(this.page.mainFrameId);
    let id = frameIds.get(session);
    if (!id) {
      id = session.send('Target.getTargetInfo', {}, { timeoutMs: this.timeoutMs }).then((r) => r.targetInfo.targetId);
      frameIds.set(session, id);
      id.catch(() => frameIds.delete(session));
    }
    return id;
  }

  place(session: CdpSession): Promise<Placement | null> {
    if (session === this.page.session) return Promise.resolve(TOP);
    let placed = this.#memo.get(session);
    if (!placed) { placed = this.#place(session); this.#memo.set(session, placed); }
    return placed;
  }

  /** Releases the remote objects of this collection (the iframe elements stay alive otherwise). */
  release(log: (line: string) => void): void {
    for (const session of this.#touched) {
      session.send('Runtime.releaseObjectGroup', { objectGroup: this.group }, { timeoutMs: this.timeoutMs })
        .catch((err: Error) => log(`markup: releasing objects failed (the frame may be gone): ${err.message}`));
    }
  }

  async #place(session: CdpSession): Promise<Placement | null> {
    const frameId = await this.frameIdOf(session);
    const owner = await this.#owner(session, frameId);
    if (!owner) return null;
    const { parent, backendNodeId } = owner;
    const up = await this.place(parent);
    if (!up) return null;
    const objectId = await this.#resolve(parent, backendNodeId);
    const geometry = await this.#call<FrameGeometry>(parent, objectId, { op: 'geometry' });
    return {
      x: geometry.x + up.x,
      y: geometry.y + up.y,
      clip: intersect(shift(geometry.clip, up.x, up.y), up.clip),
      verify: async (points) => {
        const local = points.map(([x, y]): Point => [x - up.x, y - up.y]);
        const [here, above] = await Promise.all([this.#call<boolean[]>(parent, objectId, { op: 'hits', points: local }), up.verify(points)]);
        return here.map((ok, i) => ok && above[i] === true);
      },
    };
  }

  /** The session whose document holds the <iframe> of `frameId`, and that element. */
  async #owner(session: CdpSession, frameId: string): Promise<{ parent: CdpSession; backendNodeId: number } | null> {
    const ask = (parent: CdpSession) => parent.send('DOM.getFrameOwner', { frameId }, { timeoutMs: this.timeoutMs })
      .then((r) => ({ parent, backendNodeId: r.backendNodeId }));
    const known = parents.get(session);
    if (known && !known.closed) return ask(known);
    const candidates = [this.page.session, ...this.page.frameSessions.values()].filter((s) => s !== session && !s.closed);
    // Only the parent's renderer knows the owner element; the others answer with an error.
    const found = await Promise.any(candidates.map(ask)).catch(() => null);
    if (found) parents.set(session, found.parent);
    return found;
  }

  async #resolve(parent: CdpSession, backendNodeId: number): Promise<string> {
    this.#touched.add(parent);
    const resolve = (executionContextId?: number) => parent.send('DOM.resolveNode',
      { backendNodeId, objectGroup: this.group, executionContextId }, { timeoutMs: this.timeoutMs });
    try {
      const contextId = await worldContext(parent, await this.frameIdOf(parent), this.timeoutMs);
      return (await resolve(contextId)).object.objectId!;
    } catch {
      // The owner sits in a same-origin child document of that process: its main world reads the
      // same layout, and the script it runs there writes nothing.
      return (await resolve()).object.objectId!;
    }
  }

  async #call<T>(session: CdpSession, objectId: string, req: PageRequest): Promise<T> {
    const r = await session.send('Runtime.callFunctionOn', { objectId, functionDeclaration: PAGE_FUNCTION,
      arguments: [{ value: req }], returnByValue: true, silent: true }, { timeoutMs: this.timeoutMs });
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
    return r.result.value as T;
  }
}
