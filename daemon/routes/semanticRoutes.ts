// The semantic routes (semantic.md): observe the page as elements with stable agent_ids, act on an
// id, wait for a condition. Actions: queued on the tab, answered with the envelope; every error
// carries AGENSTAB's JSON-RPC code in `data.rpc_code`.
import * as sem from '../semantic/observeAction.ts';
import { withRpcCode } from '../semantic/state.ts';
import type { RouteDef } from './types.ts';

export const semanticRoutes: RouteDef[] = [
  { name: 'observe', method: 'POST', path: '/tabs/:id/observe', kind: 'action', body: sem.observeBody, action: sem.observe, mapError: withRpcCode,
    summary: 'The page as ranked elements with stable agent_ids (text and JSON forms); +/~ mark what is new or changed since the last observe.' },
];
