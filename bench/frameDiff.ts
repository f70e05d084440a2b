// Did the after-frame show the final state? Compare it with a frame captured once the page is known
// to be final (its check passed), the same way for both backends. Encoders are deterministic for
// equal input, so equal pages give (nearly) equal pixels; a text change such as 'loading' → 'loaded'
// changes hundreds of pixels, a caret or an antialiasing seam a few dozen at most.
import sharp from 'sharp';

/** A channel difference below this is encoder noise, not content. */
const CHANNEL_TOLERANCE = 40;
/** More changed pixels than this and the frames show different states. */
const MAX_CHANGED_PIXELS = 60;

export interface FrameComparison { same: boolean; changedPixels: number }

async function rgb(image: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export async function compareFrames(after: Buffer, reference: Buffer): Promise<FrameComparison> {
  const [a, b] = await Promise.all([rgb(after), rgb(reference)]);
  if (a.width !== b.width || a.height !== b.height) return { same: false, changedPixels: Number.POSITIVE_INFINITY };
  let changed = 0;
  for (let i = 0; i < a.data.length; i += 3) {
    if (Math.abs(a.data[i]! - b.data[i]!) > CHANNEL_TOLERANCE || Math.abs(a.data[i + 1]! - b.data[i + 1]!) > CHANNEL_TOLERANCE
      || Math.abs(a.data[i + 2]! - b.data[i + 2]!) > CHANNEL_TOLERANCE) changed += 1;
  }
  return { same: changed <= MAX_CHANGED_PIXELS, changedPixels: changed };
}
