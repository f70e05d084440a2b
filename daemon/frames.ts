// Capture + draw + encode of one frame for the envelope or GET screenshot. Chromium captures the
// cheapest lossless-enough source for the requested output; markup/ draws and encodes once.
import { captureViewport, type CaptureFormat } from '../cdp/capture.ts';
import { FRAME_FLUSH_MS } from '../cdp/virtualTime.ts';
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
export type MarkCollector = (tab: Tab, types: Set<MarkupType>) => Promise<{ marks: Mark[]; elements: unknown[] }>;

let markCollector: MarkCollector = async () => ({ marks: [], elements: [] });
export function setMarkCollector(collector: MarkCollector): void { markCollector = collector; }

export async function captureFrame(tab: Tab, options: Pick<ScreenshotOptions, 'format' | 'quality' | 'cursor' | 'markup'>): Promise<RawFrame> {
  const elementTypes = new Set([...options.markup].filter((t) => t !== 'grid'));
  const grid = options.markup.has('grid');
  const cursor = options.cursor ? tab.input.mouse : null;
  const needsDraw = elementTypes.size > 0 || grid || cursor !== null;
  // WebP: PNG (optimizeForSpeed) + sharp WebP effort 0 is ~0.7× Chromium's native WebP (measured).
  const source: CaptureFormat = !needsDraw && options.format !== 'webp' ? options.format
    : options.format === 'jpeg' ? 'jpeg' : 'png';
  const [captured, collected] = await Promise.all([
    unstickCapture(tab, captureViewport(tab.page.session, source, options.quality)),
    elementTypes.size > 0 ? markCollector(tab, elementTypes) : Promise.resolve({ marks: [], elements: [] }),
  ]);
  const virtualTimeMs = tab.virtualTimeMs();
  const frame = await renderFrame({ source: captured, marks: collected.marks, grid, cursor, format: options.format, quality: options.quality });
  return { data: frame.data, width: frame.width, height: frame.height, format: frame.format, virtualTimeMs,
    marked: elementTypes.size > 0 ? collected.elements : undefined };
}

export function toScreenshotObject(frame: RawFrame): ScreenshotObject {
  const object: ScreenshotObject = { data: frame.data.toString('base64'), width: frame.width, height: frame.height,
    format: frame.format, virtual_time_ms: frame.virtualTimeMs };
  if (frame.marked) object.marked_elements = frame.marked;
  return object;
}

const CAPTURE_STUCK_MS = 1_000;
const MAX_CAPTURE_NUDGES = 3;

/**
 * Measured under CPU contention (load 10+ on 2 cores): about 1 capture in 8 of a paused tab hung
 * for the full 5 s cap. The 34 ms frame flush before the pause had expired before the compositor
 * finished its frame, and with virtual time paused BeginFrames stop, so that frame never completes
 * and captureScreenshot waits for it. Another frame flush lets it finish; the page's clock moves by
 * 34 ms only in this case.
 */
async function unstickCapture<T>(tab: Tab, capture: Promise<T>): Promise<T> {
  capture.catch(() => undefined);
  for (let i = 0; i < MAX_CAPTURE_NUDGES; i += 1) {
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<'stuck'>((resolve) => { timer = setTimeout(() => resolve('stuck'), CAPTURE_STUCK_MS); });
    const first = await Promise.race([capture.then(() => 'done' as const, () => 'done' as const), stuck]);
    clearTimeout(timer);
    if (first === 'done' || !tab.clock.enabled || !tab.clock.paused || tab.page.dialog || tab.closed) break;
    tab.log(`capture of tab ${tab.id} waits for a frame; granting ${FRAME_FLUSH_MS} ms of virtual time`);
    const diag = await tab.page.session.send('Runtime.evaluate', { expression: 'JSON.stringify([document.visibilityState, document.readyState, location.href])', returnByValue: true }, { timeoutMs: 500 }).then((r) => r.result.value, (e: Error) => e.message);
    const raf = await tab.page.session.send('Runtime.evaluate', { expression: 'new Promise(r => requestAnimationFrame(() => r(1)))', awaitPromise: true, returnByValue: true }, { timeoutMs: 500 }).then((r) => r.result.value, (e: Error) => e.message);
    const info = await tab.page.session.connection.browser.send('Target.getTargetInfo', { targetId: tab.id }).then((r) => JSON.stringify(r.targetInfo), (e: Error) => e.message);
    tab.log(`DIAG ${diag} raf=${raf} clock=${JSON.stringify(tab.clock.state())} loading=${tab.page.loading} ${info}`);
    const exp = tab.page.session.waitFor('Emulation.virtualTimeBudgetExpired', { timeoutMs: 3000 }).then(() => 'expired', (e: Error) => e.message);
    const t0 = performance.now();
    const r1 = await tab.page.session.send('Emulation.setVirtualTimePolicy', { policy: 'advance' });
    await new Promise((r) => setTimeout(r, 100));
    const r2 = await tab.page.session.send('Emulation.setVirtualTimePolicy', { policy: 'pause' });
    tab.log(`DIAG free-run ticks ${r1.virtualTimeTicksBase} -> ${r2.virtualTimeTicksBase} in ${Math.round(performance.now() - t0)} ms`);
    void exp;
  }
  return capture;
}
