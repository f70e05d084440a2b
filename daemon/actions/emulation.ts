// POST /tabs/{id}/emulation: an action (the page reacts: resize, media queries, reflow), so it runs
// through the pipeline and answers with the settled envelope; GET answers what is in force.
import { z } from 'zod';
import { applyEmulation, DEVICES, NETWORK_PRESETS, type EmulationSettings } from '../../cdp/emulation.ts';
import type { ActionDef } from '../action.ts';
import { commonFields } from '../schemas.ts';
import { sessionsOf } from '../sessions/registry.ts';
import type { Tab } from '../tab.ts';

const nullable = <T extends z.ZodType>(t: T) => t.nullable().optional();

export const emulationBody = z.object({
  device: z.enum(['default', ...Object.keys(DEVICES)] as [string, ...string[]]).optional()
    .meta({ description: 'a device preset (viewport, device pixel ratio, touch, mobile user agent), or default for the daemon\'s window' }),
  color_scheme: nullable(z.enum(['light', 'dark', 'no-preference'])),
  reduced_motion: nullable(z.enum(['reduce', 'no-preference'])),
  media: nullable(z.enum(['print', 'screen'])),
  network: nullable(z.enum(Object.keys(NETWORK_PRESETS) as [string, ...string[]])),
  timezone: nullable(z.string().min(1).max(64).regex(/^[A-Za-z0-9_+\-/]+$/, 'an IANA time zone like Europe/Berlin')),
  locale: nullable(z.string().min(2).max(35).regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, 'a BCP 47 locale like de-DE')),
  geolocation: nullable(z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180), accuracy: z.number().min(0).max(100_000).optional() }).strict()),
  ...commonFields,
}).loose();

type Body = z.infer<typeof emulationBody>;
const FIELDS = ['device', 'color_scheme', 'reduced_motion', 'media', 'network', 'timezone', 'locale', 'geolocation'] as const;

/** What each tab has in force (media features are set together, so later calls merge with it). */
const inForce = new WeakMap<Tab, EmulationSettings>();

export function emulationOf(tab: Tab): EmulationSettings {
  return { device: 'default', ...(inForce.get(tab) ?? {}) };
}

export const emulate: ActionDef<Body> = {
  type: 'emulation',
  async run(ctx, params) {
    const wanted = Object.fromEntries(FIELDS.filter((f) => params[f] !== undefined).map((f) => [f, params[f]])) as EmulationSettings;
    const current = { ...(inForce.get(ctx.tab) ?? {}) };
    const touchesMedia = ['color_scheme', 'reduced_motion', 'media'].some((f) => f in wanted);
    const apply: EmulationSettings = { ...wanted, ...(touchesMedia ? {
      color_scheme: 'color_scheme' in wanted ? wanted.color_scheme : current.color_scheme ?? null,
      reduced_motion: 'reduced_motion' in wanted ? wanted.reduced_motion : current.reduced_motion ?? null,
      media: 'media' in wanted ? wanted.media : current.media ?? null,
    } : {}) };
    // `default` is the tab's own set-up: its session's viewport and user agent (sessions/tabSetup.ts),
    // else the daemon's window and Chromium's user agent. A device preset that set no UA leaves it be.
    const own = sessionsOf(ctx.host).sessions.get(ctx.tab.sessionId)?.options;
    const v = { ...ctx.host.viewport, ...(own?.viewport ?? {}) };
    const presetUa = current.device !== undefined && DEVICES[current.device]?.userAgent !== undefined;
    await applyEmulation(ctx.tab.page.session, apply, { ...v, mobile: false, touch: false,
      ...(own?.user_agent ? { userAgent: own.user_agent } : {}), keepUserAgent: !presetUa });
    const next: EmulationSettings = { ...current, ...apply };
    for (const f of FIELDS) if (next[f] === null) delete next[f];
    if (next.device === 'default') delete next.device;
    inForce.set(ctx.tab, next);
    if (apply.device !== undefined) {
      const d = apply.device === 'default' ? v : DEVICES[apply.device]!;
      ctx.tab.centerCursor(d);
      if (d.deviceScaleFactor !== 1) ctx.warn(`device ${apply.device}: screenshots are in device pixels (×${d.deviceScaleFactor}); click coordinates stay CSS pixels`);
    }
    return { emulation: emulationOf(ctx.tab) };
  },
};
