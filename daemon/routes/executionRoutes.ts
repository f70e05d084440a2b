// Execution control per tab (rest.md §4.11, §6): is the page's clock paused between actions?
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import type { Tab } from '../tab.ts';
import type { RouteDef } from './types.ts';

function executionState(tab: Tab) {
  return {
    enabled: tab.clock.enabled,
    paused: tab.clock.enabled && !tab.runningFreely,
    virtual_time_base_ms: tab.clock.enabled ? Math.trunc(tab.clock.baseTicksMs) : 0,
  };
}

/**
 * A page's clock can be set only before it starts (Emulation.setVirtualTimePolicy takes the initial
 * time once). Later, ABP ignores the value and answers with the state: so does abpd, and says so.
 */
function clockStartedWarning(tab: Tab, initialVirtualTime: number | undefined): string[] {
  if (initialVirtualTime === undefined || !tab.clock.enabled) return [];
  return [`initial_virtual_time was ignored: the clock of this tab had already started (it is at ${Math.trunc(tab.clock.baseTicksMs)} ms); `
    + 'set it with the first POST /execution on a new tab, before its first action.'];
}

const executionBody = z.object({
  paused: z.boolean(),
  initial_virtual_time: z.number().finite().min(0).max(8.64e12).optional(),
}).loose();

export const executionRoutes: RouteDef[] = [
  {
    name: 'get_execution', method: 'GET', path: '/tabs/:id/execution', kind: 'query',
    summary: 'Whether the tab\'s clock is paused between actions.',
    async handle(req, { host }) {
      return { json: executionState(host.getTab(req.params.id!)) };
    },
  },
  {
    name: 'set_execution', method: 'POST', path: '/tabs/:id/execution', kind: 'query', body: executionBody,
    summary: 'Pause the tab between actions (paused: true) or let it run in real time (paused: false).',
    async handle(req, { host }) {
      const tab = host.getTab(req.params.id!);
      host.assertNoDialog(tab);
      if (tab.queue.busy || tab.queue.waiting > 0) {
        throw new ApiError(409, 'CONFLICT', 'Cannot change execution state while an action is in flight on this tab; retry when it has finished.');
      }
      const body = req.body as z.infer<typeof executionBody>;
      const warnings = clockStartedWarning(tab, body.initial_virtual_time);
      await tab.queue.run(async () => {
        if (!tab.clock.enabled) await tab.clock.enable(body.initial_virtual_time);
        tab.pauseWanted = body.paused;
        if (body.paused) { await tab.stopPump(); tab.pumpWhileLoading(); } // a paused page cannot load
        else tab.runFreely();
      });
      return { json: { ...executionState(tab), ...(warnings.length > 0 ? { warnings } : {}) } };
    },
  },
];
