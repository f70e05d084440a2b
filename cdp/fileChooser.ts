// File choosers: with interception on (set up on every page) no native dialog opens; Chromium
// reports the chooser and abpd sets the files on the <input> itself (which fires input/change).
import type { CdpSession } from './connection.ts';
import { tryCall } from './bestEffort.ts';

export interface FileChooserOpened { mode: 'selectSingle' | 'selectMultiple'; backendNodeId?: number; frameId: string }

export function fileChooserSetupCalls(session: CdpSession): Promise<unknown>[] {
  return [session.send('Page.setInterceptFileChooserDialog', { enabled: true })];
}

export function onFileChooser(session: CdpSession, handler: (e: FileChooserOpened) => void): () => void {
  return session.on('Page.fileChooserOpened', (e) => handler({ mode: e.mode, backendNodeId: e.backendNodeId, frameId: e.frameId }));
}

/** The chooser input's `accept` list (empty when absent or when the node is gone). */
export async function chooserAccepts(session: CdpSession, backendNodeId: number): Promise<string[]> {
  const described = await tryCall(session.send('DOM.describeNode', { backendNodeId }, { timeoutMs: 2_000 }));
  const attributes = described?.node.attributes ?? [];
  for (let i = 0; i + 1 < attributes.length; i += 2) {
    if (attributes[i]?.toLowerCase() === 'accept') return attributes[i + 1]!.split(',').map((s) => s.trim()).filter(Boolean);
  }
  return [];
}

export async function setChooserFiles(session: CdpSession, backendNodeId: number, files: string[]): Promise<void> {
  await session.send('DOM.setFileInputFiles', { files, backendNodeId }, { timeoutMs: 10_000 });
}
