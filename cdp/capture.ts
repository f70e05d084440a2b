// Capturing the viewport. Chromium encodes; markup/ may decode, draw and re-encode. Measured: JPEG
// ~65 ms, PNG with optimizeForSpeed ~73 ms (lossless, the best input for drawing + sharp WebP),
// native WebP ~200 ms.
import type { CdpSession } from './connection.ts';

export type CaptureFormat = 'png' | 'jpeg' | 'webp';
export const CAPTURE_CAP_MS = 5_000;

export async function captureViewport(session: CdpSession, format: CaptureFormat, quality: number,
  capMs = CAPTURE_CAP_MS): Promise<Buffer> {
  const r = await session.send('Page.captureScreenshot', {
    format,
    quality: format === 'png' ? undefined : Math.min(quality, 99), // q100 switches WebP to lossless
    optimizeForSpeed: true,
    captureBeyondViewport: false,
  }, { timeoutMs: capMs });
  return Buffer.from(r.data, 'base64');
}
