// The two sharp calls of a frame: decode once to raw RGBA, encode once to the requested format.
// Encoder settings favour speed because a frame is encoded on every action (measured.md §2-3):
// webp effort 0, jpeg without mozjpeg, png with light zlib compression.

import sharp, { type Sharp } from 'sharp';
import { Canvas } from './canvas.ts';
import { cursorOverlay } from './cursor.ts';
import type { EncodedFrame, ImageFormat } from './types.ts';

export interface DecodedFrame {
  canvas: Canvas;
  /** Whether the source had an alpha channel; if not, it is dropped again before encoding. */
  hasAlpha: boolean;
}

export async function decodeFrame(source: Buffer): Promise<DecodedFrame> {
  const image = sharp(source);
  const meta = await image.metadata();
  const { data, info } = await image.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 4) throw new Error(`decodeFrame: expected 4 channels after ensureAlpha, got ${info.channels}`);
  return { canvas: new Canvas(data, info.width, info.height), hasAlpha: meta.hasAlpha };
}

export async function encodeFrame(frame: DecodedFrame, format: ImageFormat, quality: number): Promise<EncodedFrame> {
  const { canvas } = frame;
  let image = sharp(canvas.bytes, { raw: { width: canvas.width, height: canvas.height, channels: 4 } });
  // Screenshots are opaque; an alpha plane of all 255 would only cost encode time (and PNG bytes).
  if (!frame.hasAlpha) image = image.removeAlpha();
  const data = await withEncoder(image, format, quality).toBuffer();
  return { data, width: canvas.width, height: canvas.height, format };
}

/**
 * A frame with nothing to draw: the source bytes themselves when they are already in the requested
 * format (no decode, no re-encode, no generation loss), otherwise one direct sharp transcode.
 */
export async function passThrough(source: Buffer, format: ImageFormat, quality: number): Promise<EncodedFrame> {
  const image = sharp(source);
  const meta = await image.metadata();
  if (meta.format === format) return { data: source, width: meta.width, height: meta.height, format };
  const { data, info } = await withEncoder(image, format, quality).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, format };
}

/**
 * A frame whose only drawing is the cursor: one sharp pipeline (decode, composite the small arrow,
 * encode) instead of decoding into JS and back. Measured on 1280×800 frames (bench/captureProbe.ts, before/after):
 * ~3 ms less per WebP frame, ~1 ms per JPEG, the same pixels.
 */
export async function withCursor(source: Buffer, cursor: { x: number; y: number }, format: ImageFormat, quality: number): Promise<EncodedFrame> {
  const meta = await sharp(source).metadata();
  const overlay = cursorOverlay(cursor.x, cursor.y, meta.width, meta.height);
  if (!overlay) return passThrough(source, format, quality); // the cursor is outside the frame
  let image = sharp(source).composite([{ input: overlay.data, raw: { width: overlay.width, height: overlay.height, channels: 4 }, left: overlay.left, top: overlay.top }]);
  // composite() adds an alpha channel; screenshots are opaque (see encodeFrame).
  if (!meta.hasAlpha) image = image.removeAlpha();
  const data = await withEncoder(image, format, quality).toBuffer();
  return { data, width: meta.width, height: meta.height, format };
}

function withEncoder(image: Sharp, format: ImageFormat, quality: number): Sharp {
  switch (format) {
    case 'webp':
      // Explicitly lossy: Chromium's encoder turns q100 into lossless (1.2 MB frames on photo pages),
      // which is not what "quality 100" should mean for a model-facing screenshot.
      return image.webp({ quality: normalizeQuality(quality), effort: 0, lossless: false, nearLossless: false });
    case 'jpeg':
      // mozjpeg's trellis quantisation shrinks files a little but multiplies encode time.
      return image.jpeg({ quality: normalizeQuality(quality), mozjpeg: false });
    case 'png':
      // Quality does not apply. Level 1 is zlib's fastest real compression: frames are short-lived.
      return image.png({ compressionLevel: 1, adaptiveFiltering: false, palette: false });
  }
}

/** Quality as an integer in 1..100; the HTTP layer validates, this only guards against drift. */
export function normalizeQuality(quality: number): number {
  if (!Number.isFinite(quality)) throw new RangeError(`quality must be a number in 1..100, got ${quality}`);
  return Math.min(100, Math.max(1, Math.round(quality)));
}
