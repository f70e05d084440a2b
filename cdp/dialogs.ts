// Closing a JavaScript dialog (alert/confirm/prompt/beforeunload). Page.handleJavaScriptDialog is
// answered by the browser process, so it works while the dialog blocks the page's renderer.
import type { CdpSession } from './connection.ts';

export async function closeDialog(session: CdpSession, accept: boolean, promptText?: string): Promise<void> {
  await session.send('Page.handleJavaScriptDialog', { accept, ...(promptText !== undefined ? { promptText } : {}) }, { timeoutMs: 5_000 });
}
