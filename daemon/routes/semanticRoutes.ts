// The semantic routes (semantic.md): observe the page as elements with stable agent_ids, act on an
// id, wait for a condition. Actions: queued on the tab, answered with the envelope; every error
// carries AGENSTAB's JSON-RPC code in `data.rpc_code`.
import { act, actBody } from '../semantic/actAction.ts';
import * as sem from '../semantic/observeAction.ts';
import { withRpcCode } from '../semantic/state.ts';
import { waitFor, waitForAnswer, waitForBody, type WaitForBody } from '../semantic/waitForAction.ts';
import type { RouteDef } from './types.ts';

export const semanticRoutes: RouteDef[] = [
  { name: 'observe', method: 'POST', path: '/tabs/:id/observe', kind: 'action', body: sem.observeBody, action: sem.observe, mapError: withRpcCode,
    summary: 'The page as ranked elements with stable agent_ids (text and JSON forms); +/~ mark what is new or changed since the last observe.' },
  { name: 'act', method: 'POST', path: '/tabs/:id/act', kind: 'action', body: actBody, action: act, mapError: withRpcCode,
    summary: 'Act on an agent_id (click, type, fill, select, check, press, scroll, upload…) with real input; result.changed lists what it made new or changed.' },
  { name: 'wait_for', method: 'POST', path: '/tabs/:id/wait_for', kind: 'action', body: waitForBody, mapError: withRpcCode,
    docs: { example: { condition: { text: 'Order confirmed' }, timeout_ms: 5000 } },
    summary: 'Let the page run until a condition holds (agent_id_visible/gone, text, url_matches, navigation, network_idle); 408 WAIT_TIMEOUT with the envelope otherwise.',
    async handle(req, deps) {
      const body = req.body as WaitForBody;
      return waitForAnswer(await deps.runner.run(req.params.id!, waitFor, body), body);
    } },
];
