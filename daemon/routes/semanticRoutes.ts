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
    docs: { group: 'semantic', answer: 'the envelope; result: {observation_id, previous_observation_id, url, title, elements[], omitted[], removed[], text, stats}',
      example: { max_elements: 50, format: 'text', screenshot: { area: 'none' } },
      errors: [{ status: 404, code: 'ELEMENT_NOT_FOUND', when: 'scope is not on the page (data.reason, data.candidates, data.rpc_code -32001)' },
        { status: 409, code: 'PAGE_NOT_READY', when: 'the page changed twice while it was read (retry)' }] },
    summary: 'The page as ranked elements with stable agent_ids (text and JSON forms); +/~ mark what is new or changed since the last observe.' },
  { name: 'act', method: 'POST', path: '/tabs/:id/act', kind: 'action', body: actBody, action: act, mapError: withRpcCode,
    docs: { group: 'semantic', answer: 'the envelope; result: {agent_id, action, point, rebound, changed[] (text-form lines)}',
      example: { agent_id: 'search_txt', action: 'fill', text: 'shoes' },
      errors: [{ status: 404, code: 'ELEMENT_NOT_FOUND', when: 'the id is unknown or stale (data.reason, data.candidates, rpc -32001)' },
        { status: 409, code: 'INTERSTITIAL_BLOCKED', when: 'something covers the element (data.blocker: agent_id, role, name; rpc -32004)' },
        { status: 400, code: 'INVALID_PARAMS', when: 'the action does not fit the element (data.allowed) or a field is missing/wrong (rpc -32602)' }] },
    summary: 'Act on an agent_id (click, type, fill, select, check, press, scroll, upload…) with real input; result.changed lists what it made new or changed.' },
  { name: 'wait_for', method: 'POST', path: '/tabs/:id/wait_for', kind: 'action', body: waitForBody, mapError: withRpcCode,
    docs: { group: 'semantic', answer: 'the envelope; result: {condition, met, waited_ms, url}',
      example: { condition: { text: 'Order confirmed' }, timeout_ms: 5000 },
      errors: [{ status: 408, code: 'WAIT_TIMEOUT', when: 'the condition did not hold in time: the body is the envelope too (rpc -32007 for navigation/url_matches)' }] },
    summary: 'Let the page run until a condition holds (agent_id_visible/gone, text, url_matches, navigation, network_idle); 408 WAIT_TIMEOUT with the envelope otherwise.',
    async handle(req, deps) {
      const body = req.body as WaitForBody;
      return waitForAnswer(await deps.runner.run(req.params.id!, waitFor, body), body);
    } },
];
