// Per-tab emulation (issue 24 "Emulation"): device presets, media features, network conditions,
// timezone, locale, geolocation, as Emulation/Network CDP calls. Each setting is
// independent: a call changes only the fields it names; `null` resets one to Chromium's default.
// Not here: CPU throttling (measured: Emulation.setCPUThrottlingRate on a tab under execution control
// made the action run into its deadline; left out until that is understood).
import type { CdpSession } from './connection.ts';

export interface DevicePreset { width: number; height: number; deviceScaleFactor: number; mobile: boolean; touch: boolean; userAgent?: string; platform?: string; keepUserAgent?: boolean }

// Viewports in CSS pixels, as the vendors publish them (Chrome DevTools' device list uses the same).
export const DEVICES: Record<string, DevicePreset> = {
  iphone_15: { width: 393, height: 852, deviceScaleFactor: 3, mobile: true, touch: true, platform: 'iPhone',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1' },
  pixel_8: { width: 412, height: 915, deviceScaleFactor: 2.625, mobile: true, touch: true, platform: 'Linux armv8l',
    userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36' },
  ipad: { width: 820, height: 1180, deviceScaleFactor: 2, mobile: true, touch: true, platform: 'iPad',
    userAgent: 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1' },
  desktop_1920: { width: 1920, height: 1080, deviceScaleFactor: 1, mobile: false, touch: false },
};

/** Chrome DevTools' throttling presets (kbit/s → bytes/s, latency ms). */
export const NETWORK_PRESETS: Record<string, { offline: boolean; latency: number; downloadThroughput: number; uploadThroughput: number }> = {
  offline: { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 },
  slow_3g: { offline: false, latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 },
  fast_4g: { offline: false, latency: 60, downloadThroughput: (9 * 1024 * 1024) / 8, uploadThroughput: (1.5 * 1024 * 1024) / 8 },
  none: { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 },
};

export interface EmulationSettings {
  /** A preset name, or `default` for the daemon's window. */
  device?: string;
  color_scheme?: 'light' | 'dark' | 'no-preference' | null;
  reduced_motion?: 'reduce' | 'no-preference' | null;
  media?: 'print' | 'screen' | null;
  network?: keyof typeof NETWORK_PRESETS | null;
  timezone?: string | null;
  locale?: string | null;
  geolocation?: { latitude: number; longitude: number; accuracy?: number } | null;
}

/** Applies what `s` names; `fallback` is the daemon's own viewport (device `default`). */
export async function applyEmulation(session: CdpSession, s: EmulationSettings, fallback: DevicePreset): Promise<void> {
  const calls: Promise<unknown>[] = [];
  if (s.device !== undefined) {
    const d = s.device === 'default' ? fallback : DEVICES[s.device]!;
    calls.push(session.send('Emulation.setDeviceMetricsOverride', { width: d.width, height: d.height, deviceScaleFactor: d.deviceScaleFactor, mobile: d.mobile }));
    calls.push(session.send('Emulation.setTouchEmulationEnabled', { enabled: d.touch, ...(d.touch ? { maxTouchPoints: 5 } : {}) }));
    // The fallback's userAgent is the session's own (absent: Chromium's, by an empty override). A
    // fallback marked keepUserAgent leaves the override alone (the session's stealth/UA set-up).
    if (!(s.device === 'default' && fallback.keepUserAgent)) {
      calls.push(session.send('Emulation.setUserAgentOverride', { userAgent: d.userAgent ?? '', ...(d.platform ? { platform: d.platform } : {}) }));
    }
  }
  if (s.color_scheme !== undefined || s.reduced_motion !== undefined || s.media !== undefined) {
    // setEmulatedMedia replaces every feature at once: the caller merges with the tab's current state.
    calls.push(session.send('Emulation.setEmulatedMedia', {
      media: s.media ?? '',
      features: [{ name: 'prefers-color-scheme', value: s.color_scheme ?? '' }, { name: 'prefers-reduced-motion', value: s.reduced_motion ?? '' }],
    }));
  }
  if (s.network !== undefined) {
    const n = NETWORK_PRESETS[s.network ?? 'none']!;
    calls.push(session.send('Network.emulateNetworkConditions', n));
  }
  if (s.timezone !== undefined) calls.push(session.send('Emulation.setTimezoneOverride', { timezoneId: s.timezone ?? '' }));
  if (s.locale !== undefined) calls.push(session.send('Emulation.setLocaleOverride', s.locale ? { locale: s.locale } : {}));
  if (s.geolocation !== undefined) {
    calls.push(s.geolocation
      ? session.send('Emulation.setGeolocationOverride', { latitude: s.geolocation.latitude, longitude: s.geolocation.longitude, accuracy: s.geolocation.accuracy ?? 10 })
      : session.send('Emulation.clearGeolocationOverride'));
  }
  await Promise.all(calls);
}
