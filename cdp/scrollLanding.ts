// Waiting for wheel scrolls to land. The reply to Input.dispatchMouseEvent(mouseWheel) comes before
// the scroll reaches the page's main thread; measured: the second of two back-to-back wheels landed
// ~20-30 ms after its reply, after a fast settle had already read the scroll position (the envelope
// said 800 where the page ended at 700). Landing does not need the page's clock to run.
import type { CdpSession } from './connection.ts';

// Runs in the page; self-contained. Offsets of the viewport and of every scrollable box under (x, y).
function scrollSignature(x: number, y: number): string {
  const parts: number[] = [window.scrollX, window.scrollY];
  for (let el = document.elementFromPoint(x, y); el; el = el.parentElement) {
    if (el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth) parts.push(el.scrollLeft, el.scrollTop);
  }
  return parts.join(',');
}

/** Until the wheel lands: short polls, it usually lands within a frame or two of its reply. */
const LANDING_POLL_MS = 5;
/** After it moved: a wheel scroll lands in one jump when smooth scrolling is off (abpd launches
 *  Chromium so, cdp/launcher.ts): one more read guards against a scroll still moving. A browser abpd
 *  attached to may animate wheel scrolls (~16 ms per frame): two reads 10 ms apart there. */
const LANDING = {
  instant: { pollMs: 5, stableReads: 1 },
  animated: { pollMs: 10, stableReads: 2 },
} as const;
export type ScrollKind = keyof typeof LANDING;
/** Nothing moved at all by then: the wheel hit nothing scrollable (or an iframe we cannot see into). */
const NO_CHANGE_MS = 300;
const CAP_MS = 1_500;

export async function readScrollSignature(session: CdpSession, x: number, y: number): Promise<string | null> {
  try {
    const r = await session.send('Runtime.evaluate', {
      expression: `(${scrollSignature.toString()})(${Number(x)}, ${Number(y)})`, returnByValue: true, silent: true,
    }, { timeoutMs: 1_000 });
    return typeof r.result.value === 'string' ? r.result.value : null;
  } catch {
    return null; // a navigating or blocked page: the caller stops waiting
  }
}

/**
 * Resolves once the scroll offsets under (x, y) have changed from `before` and then held still
 * (bounded), with the offsets it ended at (null: unreadable, stop waiting).
 */
export async function waitForScrollToLand(session: CdpSession, x: number, y: number, before: string | null,
  kind: ScrollKind, signal?: AbortSignal): Promise<string | null> {
  const { pollMs, stableReads } = LANDING[kind];
  if (before === null) return null;
  const start = performance.now();
  let last = before;
  let stable = 0;
  // The first read is immediate: the wheel's reply usually came with the frame that landed it.
  let first = true;
  while (performance.now() - start < CAP_MS && !signal?.aborted) {
    if (!first) await new Promise((resolve) => setTimeout(resolve, last === before ? LANDING_POLL_MS : pollMs));
    first = false;
    const now = await readScrollSignature(session, x, y);
    if (now === null) return null;
    stable = now === last ? stable + 1 : 0;
    last = now;
    if (now !== before && stable >= stableReads) return now;
    if (now === before && performance.now() - start >= NO_CHANGE_MS) return now;
  }
  return last;
}
