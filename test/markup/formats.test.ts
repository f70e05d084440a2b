// Output formats, pass-through, and the needsDrawing predicate.

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { needsDrawing, renderFrame, type FrameRequest, type ImageFormat } from '../../markup/index.ts';
import { decodeRaw, pageSource, solidSource } from './helpers.ts';

const MAGIC: Record<ImageFormat, (b: Buffer) => boolean> = {
  png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  webp: (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
};

function request(source: Buffer, format: ImageFormat, extra: Partial<FrameRequest> = {}): FrameRequest {
  return { source, marks: [], grid: false, cursor: null, format, quality: 80, ...extra };
}

const withMarkup: Partial<FrameRequest> = {
  marks: [{ index: 1, type: 'clickable', box: { x: 10, y: 30, width: 50, height: 20 } }],
  grid: true,
  cursor: { x: 5, y: 5 },
};

describe('encoding', () => {
  for (const format of ['webp', 'png', 'jpeg'] as const) {
    for (const sourceFormat of ['png', 'jpeg'] as const) {
      it(`encodes ${sourceFormat} + markup as ${format} with the right size`, async () => {
        const source = await solidSource(321, 123, sourceFormat);
        const out = await renderFrame(request(source, format, withMarkup));
        expect(out.format).toBe(format);
        expect([out.width, out.height]).toEqual([321, 123]);
        expect(MAGIC[format](out.data)).toBe(true);
        const meta = await sharp(out.data).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual([format, 321, 123]);
        // An opaque source stays opaque: no alpha plane is added by the RGBA drawing buffer.
        expect(meta.hasAlpha).toBe(false);
      });
    }
  }

  it('keeps webp lossy at quality 100 (Chromium would switch to lossless)', async () => {
    const out = await renderFrame(request(await pageSource(200, 100), 'webp', { ...withMarkup, quality: 100 }));
    // The first chunk of a simple WebP file is 'VP8 ' (lossy) or 'VP8L' (lossless).
    expect(out.data.toString('latin1', 12, 16)).toBe('VP8 ');
  });

  it('honours jpeg quality', async () => {
    const source = await pageSource(300, 200);
    const low = await renderFrame(request(source, 'jpeg', { ...withMarkup, quality: 10 }));
    const high = await renderFrame(request(source, 'jpeg', { ...withMarkup, quality: 95 }));
    expect(low.data.length).toBeLessThan(high.data.length);
  });

  it('keeps the alpha channel of a transparent source', async () => {
    const source = await sharp({ create: { width: 50, height: 40, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const out = await renderFrame(request(source, 'png', { cursor: { x: 10, y: 10 } }));
    const raw = await decodeRaw(out.data);
    expect(raw.channels).toBe(4);
    expect(raw.data[(10 * 50 + 10) * 4 + 3]).toBe(255); // the cursor is opaque
    expect(raw.data[(30 * 50 + 40) * 4 + 3]).toBe(0); // the rest stays transparent
  });

  it('rejects a non-numeric quality for lossy formats', async () => {
    await expect(renderFrame(request(await solidSource(20, 20, 'png'), 'jpeg', { ...withMarkup, quality: Number.NaN }))).rejects.toThrow(
      /quality/,
    );
  });
});

describe('pass-through', () => {
  it('returns the identical buffer when nothing is drawn and the format matches', async () => {
    for (const format of ['png', 'jpeg'] as const) {
      const source = await solidSource(64, 48, format);
      const out = await renderFrame(request(source, format));
      expect(out.data).toBe(source);
      expect([out.width, out.height, out.format]).toEqual([64, 48, format]);
    }
  });

  it('transcodes when nothing is drawn but the format differs', async () => {
    const source = await solidSource(64, 48, 'png');
    const out = await renderFrame(request(source, 'webp'));
    expect(out.data).not.toBe(source);
    expect(MAGIC.webp(out.data)).toBe(true);
    expect([out.width, out.height, out.format]).toEqual([64, 48, 'webp']);
  });

  it('re-encodes when anything is drawn, even in the same format', async () => {
    const source = await solidSource(64, 48, 'png');
    const out = await renderFrame(request(source, 'png', { cursor: { x: 1, y: 1 } }));
    expect(out.data.equals(source)).toBe(false);
  });
});

describe('needsDrawing', () => {
  it('is true exactly when there are marks, a grid or a cursor', () => {
    const none = { marks: [], grid: false, cursor: null };
    expect(needsDrawing(none)).toBe(false);
    expect(needsDrawing({ ...none, grid: true })).toBe(true);
    expect(needsDrawing({ ...none, cursor: { x: 0, y: 0 } })).toBe(true);
    expect(needsDrawing({ ...none, marks: [{ index: 0, type: 'selected', box: { x: 0, y: 0, width: 1, height: 1 } }] })).toBe(true);
  });
});
