// What a script run writes: one JSON line per step (the envelope, image data replaced by a short
// description and where it was saved), images where the step asked, and with --out everything.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { withoutTopLevelFrame } from '../../envelope.ts';
import type { Json } from '../client.ts';

const FRAMES = [['screenshot_before', 'before'], ['screenshot_after', 'after']] as const;
const EXT: Record<string, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

export function writeImage(path: string, base64: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.from(base64, 'base64'));
}

/** A copy of the reply without image data; `saved` says where each frame went. */
export function stripImages(reply: Json, saved: Partial<Record<'before' | 'after', string[]>>): Json {
  const copy: Json = withoutTopLevelFrame({ ...reply });
  for (const [field, which] of FRAMES) {
    const frame = reply[field] as Json | undefined;
    if (!frame || typeof frame.data !== 'string') continue;
    const { data, ...rest } = frame;
    copy[field] = { ...rest, bytes: Buffer.byteLength(data as string, 'base64'), ...(saved[which]?.length ? { saved: saved[which] } : {}) };
  }
  return copy;
}

export function frameData(reply: Json, which: 'before' | 'after'): { data: string; format: string } | undefined {
  const frame = reply[which === 'before' ? 'screenshot_before' : 'screenshot_after'] as Json | undefined;
  return frame && typeof frame.data === 'string' ? { data: frame.data, format: String(frame.format ?? 'webp') } : undefined;
}

/** --out DIR: NNN-name.json per step plus its frames. Returns the frame paths it wrote. */
export function saveToOut(dir: string, index: number, name: string, reply: Json): Partial<Record<'before' | 'after', string>> {
  const base = stepFileBase(dir, index, name);
  const written: Partial<Record<'before' | 'after', string>> = {};
  for (const which of ['before', 'after'] as const) {
    const frame = frameData(reply, which);
    if (!frame) continue;
    written[which] = `${base}-${which}.${EXT[frame.format] ?? frame.format}`;
    writeImage(written[which]!, frame.data);
  }
  return written;
}

export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

export function stepFileBase(dir: string, index: number, name: string): string {
  return join(dir, `${String(index + 1).padStart(3, '0')}-${name.replace(/[^A-Za-z0-9_-]+/g, '_')}`);
}
