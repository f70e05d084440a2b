// What a session asks of each of its tabs (popups included): viewport, user agent, locale, time zone,
// geolocation, stealth. Applied when the tab is adopted; the tab's first action waits for it.
import type { CdpSession } from '../../cdp/connection.ts';
import type { Tab } from '../tab.ts';
import type { Session } from './session.ts';
import { stealthCalls } from './stealth.ts';
import { interceptSubresources } from '../../cdp/httpAuth.ts';

export function sessionTabSetup(tab: Tab, session: Session, browserUserAgent: string): void {
  const calls = setupCalls(tab.page.session, session, browserUserAgent);
  if (session.policies.block_subresources_outside_allowlist) calls.push(applySubresourcePolicy(tab, true));
  // Out-of-process frames attached later get it as they come (the page's own set-up gave them Documents only).
  tab.page.events.on('frameSessionAttached', (e) => {
    if (session.policies.block_subresources_outside_allowlist) void interceptSubresources(e.session, true).catch(() => undefined);
  });
  if (calls.length === 0) return;
  const before = tab.ready;
  tab.ready = Promise.all([before, ...calls.map((c) => c.catch((err: Error) => tab.log(`session set-up of ${tab.id}: ${err.message}`)))]).then(() => undefined);
}

/** The page and its out-of-process frames pause (and gate) sub-resources too, or stop doing so. */
export function applySubresourcePolicy(tab: Tab, on: boolean): Promise<unknown> {
  return Promise.all([tab.page.session, ...tab.page.frameSessions.values()].map((s) => interceptSubresources(s, on).catch(() => undefined)));
}

function setupCalls(s: CdpSession, session: Session, browserUserAgent: string): Promise<unknown>[] {
  const o = session.options;
  const calls: Promise<unknown>[] = [];
  if (session.policies.stealth_mode) calls.push(...stealthCalls(s, session, o.user_agent ?? browserUserAgent, o.locale));
  else if (o.user_agent || o.locale) {
    calls.push(s.send('Emulation.setUserAgentOverride', { userAgent: o.user_agent ?? browserUserAgent, ...(o.locale ? { acceptLanguage: o.locale } : {}) }));
  }
  if (o.viewport) calls.push(resizeWindow(s, o.viewport));
  if (o.locale) calls.push(s.send('Emulation.setLocaleOverride', { locale: o.locale }));
  if (o.timezone) calls.push(s.send('Emulation.setTimezoneOverride', { timezoneId: o.timezone }));
  if (o.geolocation) {
    calls.push(s.send('Emulation.setGeolocationOverride', { latitude: o.geolocation.latitude, longitude: o.geolocation.longitude, accuracy: o.geolocation.accuracy ?? 100 }));
  }
  return calls;
}

/** The tab takes the session's size the way every tab takes --window-size (PageTarget.initialize):
 *  device metrics, which the page, its screenshots and click coordinates follow; its own window
 *  (one per tab) is resized to match so nothing outside the emulated area is drawn. */
async function resizeWindow(s: CdpSession, size: { width: number; height: number; mobile?: boolean }): Promise<void> {
  // Device metrics stay `mobile: false` even for a phone: with it, a page without a viewport meta
  // lays out 980 px wide (as a real phone does) and the width asked for would not be the width seen.
  await s.send('Emulation.setDeviceMetricsOverride', { width: size.width, height: size.height, deviceScaleFactor: 1, mobile: false });
  // A phone has touch: pages that test for it ('ontouchstart', maxTouchPoints, pointer: coarse) see one.
  if (size.mobile) await s.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
  const { windowId } = await s.send('Browser.getWindowForTarget', {});
  await s.send('Browser.setWindowBounds', { windowId, bounds: { width: size.width, height: size.height } });
}
