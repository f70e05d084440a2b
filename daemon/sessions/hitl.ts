// The HITL payment gate (sessions.md §4): a click/press/submit on a session with a threshold is
// classified first; a payment at or above the threshold — or of unknown amount — is not dispatched.
// The session becomes paused_hitl, an approval record (with a screenshot) is logged and returned
// with 423; approve runs the held action exactly once and returns its envelope, deny drops it.
import { randomBytes } from 'node:crypto';
import type { ActionDef } from '../action.ts';
import { ApiError } from '../errors.ts';
import { captureFrame } from '../frames.ts';
import { pointFor, resolveTarget } from '../semantic/resolve.ts';
import type { Tab } from '../tab.ts';
import { classifyTarget, parseAmount } from './hitlClassify.ts';
import type { SessionRegistry } from './registry.ts';
import type { Session } from './session.ts';

export interface Approval {
  approval_id: string; session_id: string; tab_id: string; agent_id?: string;
  point: { x: number; y: number } | null; amount_cents: number | null; currency: string | null;
  evidence_text: string; reason: string; action: string; status: 'pending' | 'approving' | 'approved' | 'denied';
  created_at: string; screenshot: { data: string; format: string; width: number; height: number } | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  held: { def: ActionDef<any>; params: Record<string, unknown> } | null;
}

/** Input that could complete the held payment some other way waits for the person's answer too. */
const INPUT_ACTIONS = new Set(['click', 'drag', 'key_press', 'key_down', 'key_up', 'type', 'clear_text', 'batch', 'act']);
/** Semantic act actions (semantic.md §3) that press their element, as a click or Enter would. */
const ACT_PRESSES = new Set(['click', 'double_click', 'press']);

const approvals = new WeakMap<Session, Map<string, Approval>>();
export function approvalsOf(session: Session): Map<string, Approval> {
  let map = approvals.get(session);
  if (!map) { map = new Map(); approvals.set(session, map); }
  return map;
}

export function publicApproval(a: Approval): Omit<Approval, 'held'> {
  const { held: _held, ...rest } = a;
  return rest;
}

/** Where the action lands: a click's point, or the focused element for Enter/Space presses. */
function targetOf(def: ActionDef<unknown>, params: Record<string, unknown>): { point: { x: number; y: number } | null } | null {
  if (def.type === 'click' && typeof params.x === 'number' && typeof params.y === 'number') return { point: { x: params.x, y: params.y } };
  if (def.type === 'key_press' || def.type === 'key_down') {
    const key = String(params.key ?? '').toLowerCase();
    return key === 'enter' || key === 'return' || key === ' ' || key === 'space' ? { point: null } : null;
  }
  if (def.type === 'batch' && Array.isArray(params.actions)) {
    const click = (params.actions as Record<string, unknown>[]).find((a) => a.type === 'mouse_click');
    if (click && typeof click.x === 'number' && typeof click.y === 'number') return { point: { x: click.x, y: click.y } };
  }
  return null;
}

/**
 * Where a semantic act on an agent_id would land: its element's point, found the way act finds it
 * (scrolled into view if needed — act would scroll it anyway). An id that does not resolve is left
 * to act itself to refuse (404/409), so nothing unclassified is ever dispatched.
 */
async function actTarget(tab: Tab, params: Record<string, unknown>): Promise<{ point: { x: number; y: number } } | null> {
  if (typeof params.agent_id !== 'string' || !ACT_PRESSES.has(String(params.action))) return null;
  if (params.action === 'press' && !['enter', 'return', ' ', 'space'].includes(String(params.key ?? 'Enter').toLowerCase())) return null;
  const resolved = await resolveTarget(tab, params.agent_id).catch(() => null);
  const at = resolved ? await pointFor(tab, resolved, params.agent_id).catch(() => null) : null;
  return at ? { point: { x: at.x, y: at.y } } : null;
}

export async function hitlCheck(registry: SessionRegistry, session: Session, tab: Tab, def: ActionDef<unknown>, params: Record<string, unknown>): Promise<void> {
  const threshold = session.policies.hitl_transaction_threshold_cents;
  if (threshold === null || threshold === undefined) return;
  const pending = [...approvalsOf(session).values()].find((a) => a.status === 'pending' || a.status === 'approving');
  if (pending && INPUT_ACTIONS.has(def.type)) {
    throw new ApiError(423, 'HITL_PENDING', `Session ${session.id} waits for a person to approve or deny ${pending.approval_id}; POST /api/v1/sessions/${session.id}/approvals/${pending.approval_id}/approve or /deny.`)
      .withData({ rpc_code: -32009, approval_id: pending.approval_id });
  }
  const target = def.type === 'act' ? await actTarget(tab, params) : targetOf(def, params);
  if (!target) return;
  const seen = await classifyTarget(tab, target.point).catch(() => null);
  if (!seen?.payment) return;
  const amount = parseAmount(seen.amountText);
  if (amount && amount.cents < threshold) return;
  const shot = await captureFrame(tab, { format: 'webp', quality: 70, cursor: true, markup: new Set() }).catch(() => null);
  const approval: Approval = {
    approval_id: `apr_${randomBytes(9).toString('base64url')}`, session_id: session.id, tab_id: tab.id,
    ...(typeof params.agent_id === 'string' ? { agent_id: params.agent_id } : {}),
    point: target.point, amount_cents: amount?.cents ?? null, currency: amount?.currency ?? null,
    evidence_text: seen.evidence, reason: `${seen.why}; ${amount ? `amount ${amount.cents} cents ≥ threshold ${threshold}` : 'amount unknown'}`,
    action: def.type, status: 'pending', created_at: new Date().toISOString(),
    screenshot: shot ? { data: shot.data.toString('base64'), format: shot.format, width: shot.width, height: shot.height } : null,
    held: { def, params },
  };
  approvalsOf(session).set(approval.approval_id, approval);
  session.status = 'paused_hitl';
  registry.save(session);
  const { screenshot: _s, ...logged } = publicApproval(approval);
  registry.events.append(session.id, 'hitl_approval_requested', logged);
  throw new ApiError(423, 'HITL_THRESHOLD_EXCEEDED', `This looks like a payment (${approval.reason}); it was not dispatched. A person must approve it: POST /api/v1/sessions/${session.id}/approvals/${approval.approval_id}/approve (or /deny).`)
    .withData({ rpc_code: -32009, approval: publicApproval(approval) });
}
