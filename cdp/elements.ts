// Set-of-marks, element half: which elements to mark, where they are in the top-level viewport, and
// a point where a click hits each. One evaluation per local root (the top document with its
// same-origin iframes and open shadow roots; each out-of-process iframe) in abpd's isolated world,
// all in parallel. Reads only: no DOM writes, no page code, no virtual time.
import { pageExpression } from './elementScan.ts';
import type { Clip, CollectedElement, ElementKind, Point, ScannedElement } from './elementTypes.ts';
import { FramePlacer, intersect, shift } from './framePlacement.ts';
import { evaluateInWorld } from './isolatedWorld.ts';
import type { CdpSession } from './connection.ts';
import type { PageTarget } from './pageTarget.ts';

export type { CollectedElement, ElementKind } from './elementTypes.ts';

export const COLLECT_CAP_MS = 3_000;
/** Points kept per out-of-process element, so one covered in a parent document can fall back to another. */
const FRAME_POINTS = 4;
/** Two boxes are on one line of reading order when their tops differ by less than this (or half the first's height). */
const LINE_TOLERANCE_PX = 16;

interface Found { item: ScannedElement; box: Clip; center: Point }

let groupSeq = 0;

/**
 * The marked elements of `page` for `kinds`, indexed 1..N in reading order. Never throws: a frame
 * that cannot be read (navigating, busy, detached) contributes nothing and is logged.
 */
export async function collectElements(page: PageTarget, kinds: ElementKind[], log: (line: string) => void,
  capMs = COLLECT_CAP_MS): Promise<CollectedElement[]> {
  if (kinds.length === 0) return [];
  const placer = new FramePlacer(page, `abpd-markup-${++groupSeq}`, capMs);
  const failed = (where: string) => (err: Error): Found[] => { log(`markup: ${where} not collected: ${err.message}`); return []; };
  try {
    const jobs = [
      scanTop(page, kinds, capMs).catch(failed('top document')),
      ...[...page.frameSessions.values()].filter((s) => !s.closed)
        .map((s) => scanFrame(s, placer, kinds, capMs).catch(failed('out-of-process iframe'))),
    ];
    return numbered(inReadingOrder((await Promise.all(jobs)).flat()));
  } finally {
    placer.release(log);
  }
}

async function scanTop(page: PageTarget, kinds: ElementKind[], capMs: number): Promise<Found[]> {
  const items = await evaluateInWorld(page.session, page.mainFrameId,
    pageExpression({ op: 'scan', kinds, top: true, maxPoints: 1 }), capMs) as ScannedElement[];
  return items.map((item) => ({ item, box: item.box, center: item.points[0]! }));
}

async function scanFrame(session: CdpSession, placer: FramePlacer, kinds: ElementKind[], capMs: number): Promise<Found[]> {
  const frameId = await placer.frameIdOf(session);
  const [items, place] = await Promise.all([
    evaluateInWorld(session, frameId, pageExpression({ op: 'scan', kinds, top: false, maxPoints: FRAME_POINTS }), capMs) as Promise<ScannedElement[]>,
    placer.place(session),
  ]);
  if (!place || items.length === 0) return [];
  const inClip = ([x, y]: Point): boolean => x >= place.clip[0] && x < place.clip[2] && y >= place.clip[1] && y < place.clip[3];
  const moved = items.map((item) => ({
    item,
    box: intersect(shift(item.box, place.x, place.y), place.clip),
    points: item.points.map(([x, y]): Point => [x + place.x, y + place.y]).filter(inClip),
  })).filter((m) => m.points.length > 0 && m.box[2] - m.box[0] >= 1 && m.box[3] - m.box[1] >= 1);
  if (moved.length === 0) return [];
  const reached = await place.verify(moved.flatMap((m) => m.points));
  const found: Found[] = [];
  let i = 0;
  for (const m of moved) {
    const center = m.points.find((_, k) => reached[i + k]);
    i += m.points.length;
    if (center) found.push({ item: m.item, box: m.box, center });
  }
  return found;
}

/** Top to bottom, left to right; boxes whose tops nearly align count as one line. */
function inReadingOrder(found: Found[]): Found[] {
  const byTop = [...found].sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0]);
  const out: Found[] = [];
  for (let start = 0; start < byTop.length;) {
    const first = byTop[start]!;
    const tolerance = Math.min((first.box[3] - first.box[1]) / 2, LINE_TOLERANCE_PX);
    let end = start + 1;
    while (end < byTop.length && byTop[end]!.box[1] - first.box[1] < tolerance) end++;
    out.push(...byTop.slice(start, end).sort((a, b) => a.box[0] - b.box[0] || a.box[1] - b.box[1]));
    start = end;
  }
  return out;
}

function numbered(found: Found[]): CollectedElement[] {
  return found.map(({ item, box, center }, i) => {
    const x = Math.round(box[0]);
    const y = Math.round(box[1]);
    const element: CollectedElement = {
      index: i + 1, kind: item.kind,
      box: { x, y, width: Math.max(1, Math.round(box[2]) - x), height: Math.max(1, Math.round(box[3]) - y) },
      center: { x: center[0], y: center[1] }, tag: item.tag,
    };
    if (item.role !== undefined) element.role = item.role;
    if (item.text !== undefined) element.text = item.text;
    if (item.href !== undefined) element.href = item.href;
    if (item.inputType !== undefined) element.inputType = item.inputType;
    if (item.placeholder !== undefined) element.placeholder = item.placeholder;
    if (item.frame !== undefined) element.frame = item.frame;
    return element;
  });
}
