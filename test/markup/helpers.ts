// Shared test helpers: deterministic source images made with sharp, raw pixel access, and the
// expected-image comparison (UPDATE_GOLDEN=1 rewrites the expected files).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

export const EXPECTED_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'expected');

export interface Raw {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
}

export type Pixel = [number, number, number];

/** A solid-colour image encoded as PNG or JPEG. */
export async function solidSource(width: number, height: number, format: 'png' | 'jpeg', hex = '#ffffff'): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: hex } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 90 }).toBuffer();
}

/**
 * A page-like PNG: a pale vertical gradient with dark "text lines" and a few coloured blocks, so that
 * golden images show the marks over something, and "unchanged" checks are not against flat white.
 */
export async function pageSource(width: number, height: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const shade = 250 - Math.floor((y / height) * 20);
    const isTextRow = y % 24 >= 8 && y % 24 < 16;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      let r = shade;
      let g = shade;
      let b = shade + 4;
      if (isTextRow && x % 160 > 12 && x % 160 < 140 && (x >> 3) % 5 !== 0) r = g = b = 70;
      if (x % 400 > 300 && y % 300 > 200) [r, g, b] = [200, 225, 245];
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = Math.min(255, b);
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

export async function decodeRaw(image: Buffer): Promise<Raw> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

export function pixelAt(raw: Raw, x: number, y: number): Pixel {
  const i = (y * raw.width + x) * raw.channels;
  return [raw.data[i] ?? -1, raw.data[i + 1] ?? -1, raw.data[i + 2] ?? -1];
}

export function hex(p: Pixel): string {
  return '#' + p.map((v) => v.toString(16).padStart(2, '0')).join('').toUpperCase();
}

export interface Difference {
  meanAbs: number;
  /** Fraction of pixels where some channel differs by more than 40. */
  bigFraction: number;
}

export function compareRaw(a: Raw, b: Raw): Difference {
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels) {
    throw new Error(`size differs: ${a.width}x${a.height}x${a.channels} vs ${b.width}x${b.height}x${b.channels}`);
  }
  let sum = 0;
  let big = 0;
  for (let p = 0; p < a.width * a.height; p++) {
    let worst = 0;
    for (let ch = 0; ch < a.channels; ch++) {
      const d = Math.abs((a.data[p * a.channels + ch] ?? 0) - (b.data[p * b.channels + ch] ?? 0));
      sum += d;
      if (d > worst) worst = d;
    }
    if (worst > 40) big++;
  }
  return { meanAbs: sum / (a.width * a.height * a.channels), bigFraction: big / (a.width * a.height) };
}

/**
 * Compares a rendered PNG with `fixtures/expected/<name>.png`. With UPDATE_GOLDEN=1 the file is
 * (re)written instead; a missing file is a failure otherwise, so a new golden is always a decision.
 */
export async function expectMatchesGolden(name: string, rendered: Buffer): Promise<Difference> {
  const file = join(EXPECTED_DIR, `${name}.png`);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    mkdirSync(EXPECTED_DIR, { recursive: true });
    writeFileSync(file, await sharp(rendered).png({ compressionLevel: 9 }).toBuffer());
  }
  if (!existsSync(file)) throw new Error(`missing expected image ${file}; run with UPDATE_GOLDEN=1 and look at it`);
  return compareRaw(await decodeRaw(rendered), await decodeRaw(readFileSync(file)));
}
