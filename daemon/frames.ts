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
    captureViewport(tab.page.session, source, options.quality),
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
