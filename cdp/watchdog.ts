// Is the page's main thread answering? A page stuck in `while (true) {}` answers nothing (input,
// evaluate, screenshots) until its script is terminated; Runtime.terminateExecution stopped such a
// loop in ~56 ms here and left the page usable (measured.md §10).
import type { CdpSession } from './connection.ts';
import { CdpTimeoutError } from './errors.ts';

/** true when a trivial evaluation answers within timeoutMs (an error reply is an answer too). */
export async function mainThreadAnswers(session: CdpSession, timeoutMs: number): Promise<boolean> {
  try {
    await session.send('Runtime.evaluate', { expression: '0', returnByValue: true, silent: true }, { timeoutMs });
    return true;
  } catch (err) {
    return !(err instanceof CdpTimeoutError);
  }
}

export async function terminateScript(session: CdpSession): Promise<void> {
  await session.send('Runtime.terminateExecution', undefined, { timeoutMs: 2_000 });
}
