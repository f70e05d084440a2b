// Waiting for the compositor: two animation frames mean the DOM as it is now has been painted.
import type { CdpSession } from './connection.ts';
import { CdpTimeoutError, ProtocolError } from './errors.ts';

const TWO_FRAMES = 'new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(0))))';

/**
 * Resolves after two rAFs, or after capMs (a busy or dialog-blocked page gets no frames). Returns
 * 'painted', 'timeout', or 'context_gone' when the document was replaced (a navigation).
 */
export async function waitForPaint(session: CdpSession, capMs: number): Promise<'painted' | 'timeout' | 'context_gone'> {
  try {
    await session.send('Runtime.evaluate', { expression: TWO_FRAMES, awaitPromise: true, returnByValue: true }, { timeoutMs: capMs });
    return 'painted';
  } catch (err) {
    if (err instanceof CdpTimeoutError) return 'timeout';
    if (err instanceof ProtocolError) return 'context_gone';
    throw err;
  }
}
