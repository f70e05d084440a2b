// Capture + draw + encode of one frame for the envelope or GET screenshot. Chromium captures the
// cheapest lossless-enough source for the requested output; markup/ draws and encodes once.
import { captureViewport, type CaptureFormat } from '../cdp/capture.ts';
import { renderFrame, type Mark } from '../markup/index.ts';
import type { MarkupType, ScreenshotOptions } from './screenshotOptions.ts';
import type { Tab } from './tab.ts';

export interface ScreenshotObject {
  data: string;
  width: number;
  height: number;
  format: string;
  virtual_time_ms: number;
  marked_elements?: unknown[];
  /** An older frame standing in for one that could not be captured (a dialog blocks capture). */
  stale?: true;
}

export interface RawFrame { data: Buffer; width: number; height: number; format: string; virtualTimeMs: number; marked?: unknown[] }

/** Collects the marks for the requested types; filled in by the markup collector (issue 3). */
export type MarkCollector = (tab: Tab, types: Set<MarkupType>, options?: { markLabels?: 'index' | 'agent_id' }) => Promise<{ marks: Mark[]; elements: unknown[] }>;

let markCollector: MarkCollector = async () => ({ marks: [], elements: [] });
export function setMarkCollector(collector: MarkCollector): void { markCollector = collector; }

/** The page's pixels as Chromium encoded them, plus the element marks collected at the same moment. */
export interface CapturedSource {
  data: Buffer;
  format: CaptureFormat;
  quality: number;
  marks: Mark[];
  elements: unknown[];
  virtualTimeMs: number;
}

type FrameOptions = Pick<ScreenshotOptions, 'format' | 'quality' | 'cursor' | 'markup' | 'markLabels'>;

function elementTypesOf(options: FrameOptions): Set<MarkupType> {
  return new Set([...options.markup].filter((t) => t !== 'grid'));
}

/** The CDP half: capture (and collect marks) — the page must hold still for this part only. */
export async function captureSource(tab: Tab, options: FrameOptions): Promise<CapturedSource> {
  const elementTypes = elementTypesOf(options);
  const needsDraw = elementTypes.size > 0 || options.markup.has('grid') || options.cursor;
  // Without drawing, Chromium's own JPEG/PNG is the answer (no decode). With drawing, or for WebP, the
  // source is PNG (optimizeForSpeed): it decodes in about half the time of a JPEG, and PNG + sharp WebP
  // effort 0 is ~0.7× Chromium's native WebP (measured, bench/captureProbe.ts).
  const format: CaptureFormat = !needsDraw && options.format !== 'webp' ? options.format : 'png';
  const [data, collected] = await Promise.all([
    unstickCapture(tab, format, options.quality),
    elementTypes.size > 0 ? markCollector(tab, elementTypes, options) : Promise.resolve({ marks: [], elements: [] }),
  ]);
  return { data, format, quality: options.quality, marks: collected.marks, elements: collected.elements, virtualTimeMs: tab.virtualTimeMs() };
}

/** The same pixels with the element marks collected now (for a frame that needs no new capture). */
export async function withMarks(tab: Tab, captured: CapturedSource, options: FrameOptions): Promise<CapturedSource> {
  const elementTypes = elementTypesOf(options);
  if (elementTypes.size === 0) return captured;
  const collected = await markCollector(tab, elementTypes, options);
  return { ...captured, marks: collected.marks, elements: collected.elements };
}

/** The pixel half: draw marks, grid and cursor, encode once (no CDP: can overlap with waiting). */
export async function encodeFrame(captured: CapturedSource, options: FrameOptions,
  cursorAt: { x: number; y: number }): Promise<RawFrame> {
  const elementTypes = elementTypesOf(options);
  const cursor = options.cursor ? cursorAt : null;
  const frame = await renderFrame({ source: captured.data, marks: elementTypes.size > 0 ? captured.marks : [],
    grid: options.markup.has('grid'), cursor, format: options.format, quality: options.quality });
  return { data: frame.data, width: frame.width, height: frame.height, format: frame.format, virtualTimeMs: captured.virtualTimeMs,
    marked: elementTypes.size > 0 ? captured.elements : undefined };
}

export async function captureFrame(tab: Tab, options: FrameOptions): Promise<RawFrame> {
  const cursorAt = { ...tab.input.mouse };
  return encodeFrame(await captureSource(tab, options), options, cursorAt);
}

export function toScreenshotObject(frame: RawFrame): ScreenshotObject {
  const object: ScreenshotObject = { data: frame.data.toString('base64'), width: frame.width, height: frame.height,
    format: frame.format, virtual_time_ms: frame.virtualTimeMs };
  if (frame.marked) object.marked_elements = frame.marked;
  return object;
}

const CAPTURE_STUCK_MS = 600;
/** One round of released frames, then the kick: a bench run showed a first-look capture that three
 *  rounds did not free (3.3 s); earlier stalls that a round did free took one (820 ms). */
const MAX_CAPTURE_RELEASES = 1;
const SCREENCAST_KICK_MS = 250;

/**
 * A capture of a paused tab can wait for a frame that never comes (measured under CPU contention,
 * see VirtualClock.releaseFrames): after CAPTURE_STUCK_MS without a reply, let the compositor run
 * briefly. If that did not help (seen rarely: a 5 s hang in ~150 bench steps), kick the compositor
 * with a short screencast and race one more capture against the first (a known recovery for an idle
 * compositor surface, browser-use/browser-harness#812); the capture's own cap still bounds both.
 */
async function unstickCapture(tab: Tab, format: CaptureFormat, quality: number): Promise<Buffer> {
  const session = tab.page.session;
  const capture = captureViewport(session, format, quality);
  let captureDone = false;
  // The caller awaits the capture below and handles its failure.
  capture.then(() => { captureDone = true; }, () => { captureDone = true; });
  const settledWithin = async (ms: number, p: Promise<unknown> = capture): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
    const done = await Promise.race([p.then(() => true, () => true), stuck]);
    clearTimeout(timer);
    return done;
  };
  const canHelp = (): boolean => tab.clock.enabled && tab.clock.paused && !tab.page.dialog && !tab.closed;
  for (let i = 0; i < MAX_CAPTURE_RELEASES; i += 1) {
    if (await settledWithin(CAPTURE_STUCK_MS) || !canHelp()) return capture;
    tab.log(`capture of tab ${tab.id} is waiting for a frame; releasing frames`);
    await tab.clock.releaseFrames(500, () => !captureDone).catch((err: Error) => tab.log(`releasing frames failed: ${err.message}`));
  }
  if (captureDone || !canHelp()) return capture;
  tab.log(`capture of tab ${tab.id} is still stuck; kicking the compositor and capturing again`);
  await session.send('Page.startScreencast', { format: 'jpeg', quality: 1, everyNthFrame: 1 }, { timeoutMs: 1_000 }).catch(() => undefined);
  await tab.clock.releaseFrames(SCREENCAST_KICK_MS, () => !captureDone).catch(() => undefined);
  await session.send('Page.stopScreencast', undefined, { timeoutMs: 1_000 }).catch(() => undefined);
  if (captureDone) return capture;
  const retry = captureViewport(session, format, quality);
  retry.catch(() => undefined);
  // Whichever answers first; if both fail, the first capture's error is the one reported.
  const first = Promise.any([capture, retry]).catch(() => capture);
  let firstDone = false;
  first.then(() => { firstDone = true; }, () => { firstDone = true; });
  // Both still waiting: frames run once more while they wait (each capture's own cap bounds this).
  if (!(await settledWithin(CAPTURE_STUCK_MS, first)) && canHelp()) {
    await tab.clock.releaseFrames(500, () => !firstDone).catch(() => undefined);
  }
  return first;
}
