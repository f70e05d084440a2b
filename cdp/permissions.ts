// Granting and denying permissions for an origin in abpd's browser context. Headless never shows
// a prompt (it denies at once, measured), so a grant is what makes geolocation answer at all.
import type { CdpSession } from './connection.ts';

export interface Coordinates { latitude: number; longitude: number; accuracy: number }

/** `targets`: the page's session and, for a prompt inside an out-of-process iframe, the frame's too. */
export async function grantGeolocation(browser: CdpSession, targets: CdpSession[], browserContextId: string, origin: string, at: Coordinates): Promise<void> {
  await Promise.all([
    ...[...new Set(targets)].map((t) => t.send('Emulation.setGeolocationOverride', { latitude: at.latitude, longitude: at.longitude, accuracy: at.accuracy })),
    browser.send('Browser.setPermission', { permission: { name: 'geolocation' }, setting: 'granted', origin, browserContextId }),
  ]);
}

/** Remembered like a person's "Block": later requests from the origin fail at once, unprompted. */
export async function denyGeolocation(browser: CdpSession, browserContextId: string, origin: string): Promise<void> {
  await browser.send('Browser.setPermission', { permission: { name: 'geolocation' }, setting: 'denied', origin, browserContextId });
}
