// Per-page set-up of the event features (file chooser interception, console log entries, HTTP auth,
// the picker/permission bridge), sent pipelined with the rest of PageTarget.initialize so that even
// a popup's first document runs with them.
import type { CdpSession } from './connection.ts';
import { consoleSetupCalls } from './console.ts';
import { fileChooserSetupCalls } from './fileChooser.ts';
import { httpAuthSetupCalls } from './httpAuth.ts';
import { bridgeSetupCalls } from './pageBridge.ts';

export function pageFeatureSetupCalls(session: CdpSession): Promise<unknown>[] {
  return [...fileChooserSetupCalls(session), ...consoleSetupCalls(session), ...httpAuthSetupCalls(session), ...bridgeSetupCalls(session)];
}
