// Images handed to a model (MCP tool results): vision models downscale anything larger themselves,
// so a bigger image only costs tokens and bytes. Fit inside a long-side and an area limit, never
// upscale, and re-encode as lossy WebP; an image that already fits and is WebP is passed through
// untouched (no generation loss, no encode time).

import sharp from 'sharp';
import { normalizeQuality } from './codec.ts';
import type { EncodedFrame } from './types.ts';

export interface ModelImageLimits {
  /** Longest side in pixels (Claude's guidance: 1568). */
  maxSide: number;
  /** Width × height in pixels (~1.15 megapixels). */
  maxPixels: number;
  /** WebP quality 1..100. */
  quality: number;
}

/** The scale (≤ 1) that fits width × height inside the limits. */
export function modelImageScale(width: number, height: number, limits: Pick<ModelImageLimits, 'maxSide' | 'maxPixels'>): number {
  if (width <= 0 || height <= 0) return 1;
  const bySide = limits.maxSide / Math.max(width, height);
  const byArea = Math.sqrt(limits.maxPixels / (width * height));
  return Math.min(1, bySide, byArea);
}

export async function fitImageForModel(source: Buffer, limits: ModelImageLimits): Promise<EncodedFrame> {
  const image = sharp(source);
  const meta = await image.metadata();
  const scale = modelImageScale(meta.width, meta.height, limits);
  if (scale === 1 && meta.format === 'webp') return { data: source, width: meta.width, height: meta.height, format: 'webp' };
  // Floor keeps both limits true after rounding; max(1) keeps absurd aspect ratios encodable.
  const width = Math.max(1, Math.floor(meta.width * scale));
  const height = Math.max(1, Math.floor(meta.height * scale));
  const resized = scale === 1 ? image : image.resize(width, height, { fit: 'fill' });
  const { data, info } = await resized
    .webp({ quality: normalizeQuality(limits.quality), effort: 2, lossless: false, nearLossless: false })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, format: 'webp' };
}
