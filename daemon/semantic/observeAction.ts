// POST /tabs/{id}/observe (semantic.md §1): an action that reads the page as ranked elements with
// stable agent_ids. It dispatches no input and runs no page code: its frames may be reused.
import { z } from 'zod';
import { ScopeNotFound } from '../../semantic/observation.ts';
import type { ActionDef } from '../action.ts';
import { commonFields } from '../schemas.ts';
import { captureTab, elementNotFound, semanticOf } from './state.ts';

export const agentId = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.]+$/, 'an agent_id from observe, e.g. "search_txt" or "f1.pay_btn"');

export const observeBody = z.object({
  max_elements: z.number().int().min(1).max(500).optional(),
  focus_id: agentId.optional(),
  format: z.enum(['text', 'json', 'both']).optional(),
  scope: agentId.optional(),
  include_context: z.boolean().optional(),
  id_style: z.enum(['slug', 'short']).optional(),
  ...commonFields,
}).loose();

export type ObserveBody = z.infer<typeof observeBody>;

export const observe: ActionDef<ObserveBody> = {
  type: 'observe',
  readOnly: true,
  settle: { minWaitMs: 0, virtualBudgetMs: 0 },
  async run(ctx, p) {
    const started = performance.now();
    const session = semanticOf(ctx.tab);
    const { capture } = await captureTab(ctx.tab);
    let focusId = p.focus_id;
    if (focusId && session.lookup(focusId).state === 'unknown') {
      ctx.warn(`focus_id: "${focusId}" was never observed in this tab; ranked without it`);
      focusId = undefined;
    }
    try {
      return { ...session.observe(capture, {
        max_elements: p.max_elements ?? 50, include_context: p.include_context ?? true, id_style: p.id_style ?? 'slug',
        ...(focusId ? { focus_id: focusId } : {}), ...(p.scope ? { scope: p.scope } : {}),
      }, p.format ?? 'both', started) };
    } catch (err) {
      if (!(err instanceof ScopeNotFound)) throw err;
      const state = session.lookup(p.scope!).state;
      throw elementNotFound(p.scope!, state === 'unknown' ? 'unknown' : 'stale', session.candidates(p.scope!), 'scope');
    }
  },
};
