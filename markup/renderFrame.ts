// One frame, end to end: decode once, draw in JS on the raw pixels, encode once. Nothing to draw:
// the source as it is (or one transcode); only the cursor: one sharp pipeline that composites it.

import { decodeFrame, encodeFrame, passThrough, withCursor } from './codec.ts';
import { drawMarkup, needsDrawing } from './draw.ts';
import type { EncodedFrame, FrameRequest } from './types.ts';

export async function renderFrame(req: FrameRequest): Promise<EncodedFrame> {
  if (!needsDrawing(req)) return passThrough(req.source, req.format, req.quality);
  if (req.cursor && req.marks.length === 0 && !req.grid) return withCursor(req.source, req.cursor, req.format, req.quality);
  const frame = await decodeFrame(req.source);
  drawMarkup(frame.canvas, req);
  return encodeFrame(frame, req.format, req.quality);
}
