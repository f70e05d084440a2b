// /api/v1/sessions/{id}/approvals (sessions.md §4): what waits for a person, and their answer.
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import type { RouteDef } from '../routes/types.ts';
import { approvalsOf, publicApproval, type Approval } from './hitl.ts';
import { sessionsOf, type SessionRegistry } from './registry.ts';
import type { Session } from './session.ts';

function find(registry: SessionRegistry, id: string, aid: string): { session: Session; approval: Approval } {
  const session = registry.get(id);
  const approval = approvalsOf(session).get(aid);
  if (!approval) throw new ApiError(404, 'APPROVAL_NOT_FOUND', `No approval ${aid} in session ${session.id}. List them with GET /api/v1/sessions/${session.id}/approvals.`);
  if (approval.status !== 'pending') {
    throw new ApiError(409, 'APPROVAL_DECIDED', `Approval ${aid} is already ${approval.status}; a held action runs at most once.`).withData({ status: approval.status });
  }
  return { session, approval };
}

function settle(registry: SessionRegistry, session: Session): void {
  const open = [...approvalsOf(session).values()].some((a) => a.status === 'pending' || a.status === 'approving');
  if (!open && session.status === 'paused_hitl') session.status = 'ready';
  registry.save(session);
}

export const approvalRoutes: RouteDef[] = [
  {
    name: 'list_approvals', method: 'GET', path: '/sessions/:id/approvals', kind: 'query',
    summary: 'The session\'s HITL approvals (pending first), with their screenshots.',
    async handle(req, { host }) {
      const session = sessionsOf(host).get(req.params.id!);
      const all = [...approvalsOf(session).values()].map(publicApproval);
      return { json: [...all.filter((a) => a.status === 'pending'), ...all.filter((a) => a.status !== 'pending')] };
    },
  },
  {
    name: 'approve', method: 'POST', path: '/sessions/:id/approvals/:aid/approve', kind: 'query', body: z.object({}).loose(),
    summary: 'Approve a held action: it runs now, exactly once, and its envelope is the answer.',
    async handle(req, { host, runner }) {
      const registry = sessionsOf(host);
      const { session, approval } = find(registry, req.params.id!, req.params.aid!);
      const held = approval.held!;
      approval.status = 'approving';
      approval.held = null;
      registry.events.append(session.id, 'hitl_approved', { approval_id: approval.approval_id });
      try {
        const envelope = await runner.run(approval.tab_id, held.def, held.params, { approved: true });
        return { json: envelope };
      } finally {
        approval.status = 'approved';
        settle(registry, session);
      }
    },
  },
  {
    name: 'deny', method: 'POST', path: '/sessions/:id/approvals/:aid/deny', kind: 'query', body: z.object({}).loose(),
    summary: 'Deny a held action: it is dropped, never dispatched.',
    async handle(req, { host }) {
      const registry = sessionsOf(host);
      const { session, approval } = find(registry, req.params.id!, req.params.aid!);
      approval.status = 'denied';
      approval.held = null;
      registry.events.append(session.id, 'hitl_denied', { approval_id: approval.approval_id });
      settle(registry, session);
      return { json: publicApproval(approval) };
    },
  },
];
