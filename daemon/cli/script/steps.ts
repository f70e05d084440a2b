// The step names a script may use. Every POST route on a tab is a step, named by its route name or
// its path (`click`, `key_press` = `keyboard/press`, `batch`, `execute` …), with the REST body as its
// value; so a new route is a new step with no change here. A few steps belong to scripts alone.
import { z } from 'zod';
import { plugins } from '../../plugins.ts';
import { routeTable } from '../../routes/index.ts';
import type { RouteDef } from '../../routes/types.ts';
import { commonFields } from '../../schemas.ts';
import { SCRIPT_STEP_SUMMARIES, type ScriptStepName } from './scriptSteps.ts';

const TAB_PREFIX = '/tabs/:id/';

export const expectSchema = z.object({
  text: z.string().min(1).optional().describe('the page text (or the selector\'s) contains this'),
  not_text: z.string().min(1).optional().describe('the page text (or the selector\'s) does not contain this'),
  selector: z.string().min(1).optional().describe('an element matches this CSS selector'),
  url: z.string().min(1).optional().describe('the tab\'s URL contains this'),
  title: z.string().min(1).optional().describe('the tab\'s title contains this'),
  js: z.string().min(1).optional().describe('this JavaScript expression is truthy in the page'),
}).strict().refine((e) => Object.keys(e).length > 0, { message: 'give at least one of text, not_text, selector, url, title, js' });
export type Expectation = z.infer<typeof expectSchema>;

export const newTabSchema = z.object({ url: z.string().min(1).optional(), ...commonFields }).strict();
export const switchTabSchema = z.object({ index: z.number().int().min(0).optional(), id: z.string().min(1).optional() }).strict()
  .refine((v) => (v.index === undefined) !== (v.id === undefined), { message: 'give either index (0 = the first tab this script opened) or id' });
export const closeTabSchema = z.object({}).strict();

/** Steps that are not routes, with their bodies. */
export const SCRIPT_STEPS: Record<ScriptStepName, { summary: string; schema: z.ZodType }> = {
  expect: { summary: SCRIPT_STEP_SUMMARIES.expect, schema: expectSchema },
  new_tab: { summary: SCRIPT_STEP_SUMMARIES.new_tab, schema: newTabSchema },
  switch_tab: { summary: SCRIPT_STEP_SUMMARIES.switch_tab, schema: switchTabSchema },
  close_tab: { summary: SCRIPT_STEP_SUMMARIES.close_tab, schema: closeTabSchema },
};

export interface RouteStep { route: RouteDef; path: string }

/** Route steps by every name they answer to. */
export function routeSteps(): Map<string, RouteStep> {
  const steps = new Map<string, RouteStep>();
  for (const route of [...routeTable, ...plugins.flatMap((p) => p.routes ?? [])]) {
    if (route.method !== 'POST' || !route.path.startsWith(TAB_PREFIX)) continue;
    const rest = route.path.slice(TAB_PREFIX.length);
    if (rest.includes(':')) continue; // a second path parameter has no place in a step
    for (const name of [route.name, rest]) if (!steps.has(name)) steps.set(name, { route, path: rest });
  }
  return steps;
}

export function knownStepNames(): string[] {
  return [...new Set([...Object.keys(SCRIPT_STEPS), ...[...routeSteps().values()].map((s) => s.path)])].sort();
}
