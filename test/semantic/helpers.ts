// Shared calls of the semantic route tests.
import type { Harness } from '../support/daemonHarness.ts';
import { NO_SHOT, ok } from '../support/routeHelpers.ts';

export const observe = async (h: Harness, tab: string, body: Record<string, unknown> = {}): Promise<any> =>
  ok(await h.api('POST', `/tabs/${tab}/observe`, { ...NO_SHOT, ...body })).result;

export const act = (h: Harness, tab: string, body: Record<string, unknown>) => h.api('POST', `/tabs/${tab}/act`, { ...NO_SHOT, ...body });

export const actOk = async (h: Harness, tab: string, body: Record<string, unknown>): Promise<any> => ok(await act(h, tab, body)).result;

/** agent_id → name of the elements an observe returned. */
export const byId = (r: any): Record<string, string> => Object.fromEntries(r.elements.map((e: any) => [e.agent_id, e.name]));
