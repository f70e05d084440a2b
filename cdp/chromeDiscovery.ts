// Finding a Chrome/Chromium binary: explicit flag, then environment, then the usual places.
import { accessSync, constants } from 'node:fs';

const USUAL_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export interface ChromeChoice { path: string; source: string }

function isExecutable(path: string): boolean {
  try { accessSync(path, constants.X_OK); return true; } catch { return false; }
}

/** Returns the binary to use, or null with the list of places looked at. */
export function findChrome(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env):
  { found: ChromeChoice } | { found: null; searched: string[] } {
  const candidates: ChromeChoice[] = [];
  if (explicit) candidates.push({ path: explicit, source: '--chrome' });
  if (env.ABPD_CHROME) candidates.push({ path: env.ABPD_CHROME, source: 'ABPD_CHROME' });
  if (env.CHROME_PATH) candidates.push({ path: env.CHROME_PATH, source: 'CHROME_PATH' });
  // An explicit choice that does not exist is an error, not a reason to silently use another browser.
  if (candidates.length > 0) {
    const first = candidates[0]!;
    return isExecutable(first.path) ? { found: first } : { found: null, searched: [first.path] };
  }
  for (const path of USUAL_PATHS) if (isExecutable(path)) return { found: { path, source: 'usual location' } };
  return { found: null, searched: USUAL_PATHS };
}
