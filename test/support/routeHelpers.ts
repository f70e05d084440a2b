// Small helpers shared by the route tests (test/routes/*.test.ts).
import { createServer } from 'node:net';
import sharp from 'sharp';
import { expect } from 'vitest';
import type { ApiResponse, Harness } from './daemonHarness.ts';

/** Skip screenshots where a test only checks page state (faster, and less noise in failures). */
export const NO_SHOT = { screenshot: { area: 'none' } } as const;

/** Asserts a 2xx and returns the body; the failure message carries the response body. */
export function ok<T = any>(r: ApiResponse<T>, status = 200): T {
  expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(status);
  return r.body;
}

/** POSTs an action and returns its envelope (asserting 200). */
export async function act(h: Harness, tab: string, action: string, body: Record<string, unknown> = {}): Promise<any> {
  return ok(await h.api('POST', `/tabs/${tab}/${action}`, body));
}

/** A TCP port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** RGB of one pixel of a base64 screenshot (PNG for exact colours). */
export async function pixel(shot: { data: string }, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(Buffer.from(shot.data, 'base64')).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

/** Image format from magic bytes. */
export function imageKind(bytes: Buffer): 'png' | 'jpeg' | 'webp' | 'unknown' {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  return 'unknown';
}

/** How many distinct colours a frame has (a blank frame has one). */
export async function distinctColours(bytes: Buffer): Promise<number> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i += info.channels * 7) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
  return seen.size;
}
