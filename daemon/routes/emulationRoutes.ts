// Per-tab emulation (issue 24): POST runs the emulation action (envelope), GET reads what is in force.
import { emulate, emulationBody, emulationOf } from '../actions/emulation.ts';
import type { RouteDef } from './types.ts';

export const emulationRoutes: RouteDef[] = [
  {
    name: 'emulation', method: 'POST', path: '/tabs/:id/emulation', kind: 'action', body: emulationBody, action: emulate,
    summary: 'Emulate a device (iphone_15, pixel_8, ipad, desktop_1920, default), media (color_scheme, reduced_motion, print), network (offline, slow_3g, fast_4g), timezone, locale, geolocation; null resets a field.',
    docs: { group: 'emulation', example: { device: 'iphone_15', color_scheme: 'dark', timezone: 'Asia/Tokyo' } },
  },
  {
    name: 'get_emulation', method: 'GET', path: '/tabs/:id/emulation', kind: 'query',
    summary: 'The emulation in force on the tab (fields never set, or reset with null, are absent).',
    docs: { group: 'emulation', answer: '{"emulation": {"device", "color_scheme", "network", …}}' },
    async handle(req, { host }) {
      return { json: { emulation: emulationOf(host.getTab(req.params.id!)) } };
    },
  },
];
