// A checkout stopped by the HITL payment gate and finished after approval (sessions.md §4,
// agent.md §5): the task's session has a threshold, the agent's "Place order" is held (423), the
// task waits for a person, the approval runs the held click exactly once, and the task completes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentHarness, type AgentHarness } from '../support/agentHarness.ts';

let h: AgentHarness;
let gate = false;
beforeAll(async () => {
  h = await startAgentHarness('openai');
  gate = h.daemon.routes.some((r) => r.path === '/sessions/:id/approvals');
});
afterAll(async () => { await h?.close(); });

describe('HITL checkout', () => {
  it('holds Place order until a person approves, then the order is posted once and the task completes', async (ctx) => {
    // The gate is the sessions engineer's (sessions.md §4): until it is on main there is nothing to hold the click.
    if (!gate) { ctx.skip(); return; }
    h.fixtures.resetHits();
    h.fake.script({ turns: [
      { tool: 'click', target: { role: 'button', name: 'Place order' } },
      { tool: 'done', args: { answer: 'Order placed' } },
    ] });
    const id = await h.start({ task: 'Place the order', url: h.fixtures.url('/pages/agent-checkout.html'), session: { policies: { hitl_transaction_threshold_cents: 10_000 } } });
    const pending = await h.waitForEvent(id, 'hitl:approval_pending');
    expect((await h.api('GET', `/tasks/${id}`)).body.status).toBe('waiting_for_input');
    expect(h.fixtures.hits('/echo')).toBe(0);
    const task = (await h.api('GET', `/tasks/${id}`)).body;
    const approvals = (await h.api('GET', `/sessions/${task.session_id}/approvals`)).body;
    expect(approvals[0]).toMatchObject({ approval_id: pending.data.approvalId, status: 'pending', amount_cents: 25_000 });
    expect((await h.api('POST', `/sessions/${task.session_id}/approvals/${pending.data.approvalId}/approve`, {})).status).toBe(200);
    const done = await h.waitFor(id);
    expect(done).toMatchObject({ status: 'done', answer: 'Order placed' });
    expect(h.fixtures.hits('/echo')).toBe(1);
    expect(h.fake.steps()[1]!.lastUserText).toContain('a person approved it and it ran');
  });
});
