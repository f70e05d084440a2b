// Events and native browser UI (rest.md §4.10, §4.12–§4.16, §5) as one plugin: its routes and the
// hang watchdog. Per-tab wiring happens in tabHooks.ts, called when BrowserHost adopts a tab.
import { join } from 'node:path';
import type { DaemonPlugin } from '../plugins.ts';
import { clearUploadsDir } from './uploadStaging.ts';
import { consoleRoutes } from './consoleRoutes.ts';
import { dialogRoutes } from './dialogRoutes.ts';
import { downloadRoutes } from './downloadRoutes.ts';
import { fileChooserRoutes } from './fileChooserRoutes.ts';
import { permissionRoutes } from './permissionRoutes.ts';
import { pickerRoutes } from './pickerRoutes.ts';
import { Watchdog } from './watchdog.ts';

const watchdogs = new WeakMap<object, Watchdog>();

export const eventsPlugin: DaemonPlugin = {
  name: 'events',
  routes: [...dialogRoutes, ...fileChooserRoutes, ...downloadRoutes, ...pickerRoutes, ...permissionRoutes, ...consoleRoutes],
  start(deps) {
    clearUploadsDir(join(deps.config.sessionDir, 'uploads'));
    const watchdog = new Watchdog(deps.host);
    watchdog.start();
    watchdogs.set(deps.host, watchdog);
  },
  stop(deps) { watchdogs.get(deps.host)?.stop(); },
};
