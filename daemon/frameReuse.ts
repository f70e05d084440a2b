// The before-frame of an action, cheaply. A paused page shows what its last after-frame showed:
// when nothing could have changed it since (clock paused, no request, no navigation, no load, the
// virtual cursor where it was), that frame is reused instead of captured again (~70 ms saved).
// Otherwise the capture is awaited but its encoding is not: it overlaps with the input and settle.
import type { Tab } from './tab.ts';
import { captureSource, encodeFrame, type CapturedSource, type RawFrame } from './frames.ts';
import type { ScreenshotOptions } from './screenshotOptions.ts';

interface LastFrame {
  captured: CapturedSource;
  /** The same pixels without markup, for the next before-frame: the after-frame itself, or (after
   *  one with markup) encoded in the background while the agent looks at the marked one. */
  plain: Promise<RawFrame | undefined>;
  /** The after-frame as sent, and the options that made it (a repeated read with the same ones is it). */
  sent: RawFrame;
  sentWith: string;
  cursor: { x: number; y: number } | null;
  activityAt: number;
  documentSeq: number;
  navigationSeq: number;
  /** The clock's run count then: any time granted since (a budget, a frame release) can repaint. */
  clockRuns: number;
}

const lastFrames = new WeakMap<Tab, LastFrame>();

type FrameOptions = Pick<ScreenshotOptions, 'format' | 'quality' | 'cursor'>;

function optionsKey(tab: Tab, options: Pick<ScreenshotOptions, 'format' | 'quality' | 'cursor' | 'markup' | 'markLabels'>): string {
  return JSON.stringify([options.format, options.quality, options.cursor ? tab.input.mouse : null, [...options.markup].sort(), options.markLabels ?? 'index']);
}

/** Remembers a tab's after-frame for the next action's before-frame. */
export function rememberAfterFrame(tab: Tab, captured: CapturedSource, frame: RawFrame, options: ScreenshotOptions): void {
  lastFrames.set(tab, {
    captured,
    plain: options.markup.size === 0 ? Promise.resolve(frame)
      : encodeFrame(captured, { ...options, markup: new Set() }, { ...tab.input.mouse }).catch(() => undefined),
    sent: frame,
    sentWith: optionsKey(tab, options),
    cursor: options.cursor ? { ...tab.input.mouse } : null,
    activityAt: tab.page.network.lastActivityAt,
    documentSeq: tab.page.documentSeq,
    navigationSeq: tab.page.navigationSeq,
    clockRuns: tab.clock.runs,
  });
}

/** Called before an action touches the page: until it returns an after-frame, nothing may be reused
 *  (a click or execute without screenshots still repaints). */
export function forgetAfterFrame(tab: Tab): void {
  lastFrames.delete(tab);
}

/**
 * For a read-only action on a page unchanged since its before-frame: the last after-frame, when the
 * same options made it (same markup, format, quality, cursor) and the page still shows it.
 */
export function repeatedAfterFrame(tab: Tab, options: ScreenshotOptions): RawFrame | undefined {
  const last = lastFrames.get(tab);
  return last && stillShowsThePage(tab, last) && last.sentWith === optionsKey(tab, options) ? last.sent : undefined;
}

function stillShowsThePage(tab: Tab, last: LastFrame): boolean {
  const page = tab.page;
  return tab.clock.enabled && tab.clock.paused && !tab.runningFreely && !page.loading && page.dialog === null
    && page.network.lastActivityAt <= last.activityAt && page.documentSeq === last.documentSeq
    && page.navigationSeq === last.navigationSeq && page.network.allPending().length === 0
    && tab.clock.runs === last.clockRuns;
}

/**
 * Resolves once the page's pixels are in hand (captured or reused); the returned promise is the
 * encoded frame, to be awaited when the envelope is assembled.
 */
export async function beforeFrame(tab: Tab, options: FrameOptions): Promise<{ encoded: Promise<RawFrame>; reused: boolean; source: CapturedSource }> {
  const last = lastFrames.get(tab);
  const cursor = options.cursor ? tab.input.mouse : null;
  if (last && stillShowsThePage(tab, last)) {
    const sameCursor = (cursor === null && last.cursor === null)
      || (cursor !== null && last.cursor !== null && cursor.x === last.cursor.x && cursor.y === last.cursor.y);
    const plain = await last.plain;
    if (plain && sameCursor && plain.format === options.format && last.captured.quality === options.quality) {
      return { encoded: Promise.resolve({ ...plain, marked: undefined }), reused: true, source: last.captured };
    }
    if (last.captured.quality === options.quality || last.captured.format === 'png') {
      return { encoded: encodeFrame(last.captured, { ...options, markup: new Set() }, { ...tab.input.mouse }), reused: true, source: last.captured };
    }
  }
  // The cursor as it is now: the input about to be sent will move it before this is encoded.
  const cursorAt = { ...tab.input.mouse };
  const captured = await captureSource(tab, { ...options, markup: new Set() });
  return { encoded: encodeFrame(captured, { ...options, markup: new Set() }, cursorAt), reused: false, source: captured };
}

/** What the page looked like when a frame was taken, to tell later whether it can have changed. */
export interface PageMark { activityAt: number; documentSeq: number; navigationSeq: number; clockRuns: number; cursor: { x: number; y: number } }

export function markPage(tab: Tab): PageMark {
  return { activityAt: tab.page.network.lastActivityAt, documentSeq: tab.page.documentSeq,
    navigationSeq: tab.page.navigationSeq, clockRuns: tab.clock.runs, cursor: { ...tab.input.mouse } };
}

/** True when nothing that could change the pixels happened since the mark (no request, no
 *  navigation, no load, no clock run, the cursor where it was). Only for actions that do not touch the page. */
export function unchangedSince(tab: Tab, mark: PageMark): boolean {
  const page = tab.page;
  return !page.loading && page.dialog === null && page.network.lastActivityAt <= mark.activityAt
    && page.documentSeq === mark.documentSeq && page.navigationSeq === mark.navigationSeq
    && tab.clock.runs === mark.clockRuns && tab.input.mouse.x === mark.cursor.x && tab.input.mouse.y === mark.cursor.y;
}
