// allow_downloads per session: a context either saves into the daemon's downloads folder (and is
// watched like the default one) or refuses every download.
import { join } from 'node:path';
import type { BrowserHost } from '../browserHost.ts';
import type { Session } from './session.ts';

export async function applyDownloadPolicy(host: BrowserHost, session: Session): Promise<void> {
  const b = session.browser.browserSession;
  if (session.policies.allow_downloads) {
    await b.send('Browser.setDownloadBehavior', { behavior: 'allowAndName', downloadPath: join(host.config.sessionDir, 'downloads'), eventsEnabled: true, browserContextId: session.contextId });
  } else {
    await b.send('Browser.setDownloadBehavior', { behavior: 'deny', eventsEnabled: true, browserContextId: session.contextId });
  }
}
