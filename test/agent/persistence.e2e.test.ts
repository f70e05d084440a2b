// Tasks across a daemon restart and under --max-agent-tasks (agent.md §6): FIFO `waiting`, a waiting
// task cancelled, and after the restart every unfinished task failed (daemon_restarted) with its
// logged events still readable.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgentHarness, type AgentHarness } from '../support/agentHarness.ts';

const sessionDir = mkdtempSync(join(tmpdir(), 'abpd-tasks-restart-'));
let a: AgentHarness | undefined;
let b: AgentHarness | undefined;
afterAll(async () => { await a?.close(); await b?.close(); rmSync(sessionDir, { recursive: true, force: true }); });

describe('task persistence and concurrency', () => {
  it('one task at a time (FIFO waiting), then a restart fails what was unfinished and keeps the events', async () => {
    a = await startAgentHarness('openai', { sessionDir, maxAgentTasks: 1 });
    a.fake.script({ turns: () => ({ fault: 'hang' }) });
    const url = a.fixtures.url('/pages/agent-search.html');
    const first = await a.start({ task: 'hang', url });
    const second = await a.start({ task: 'wait my turn', url });
    const third = await a.start({ task: 'wait my turn too', url });
    await a.waitFor(first, ['running']);
    await a.waitForEvent(first, 'task:started');
    expect((await a.api('GET', `/tasks/${second}`)).body.status).toBe('waiting');
    expect((await a.api('GET', '/tasks?status=waiting')).body.tasks.map((t: any) => t.task_id)).toEqual([second, third]);
    expect((await a.api('POST', `/tasks/${second}/cancel`)).body.status).toBe('cancelled');
    expect((await a.api('GET', '/tasks?status=waiting')).body.tasks.map((t: any) => t.task_id)).toEqual([third]);
    const logged = (await a.events(first)).length;
    await a.close();
    a = undefined;

    b = await startAgentHarness('openai', { sessionDir });
    const r1 = (await b.api('GET', `/tasks/${first}`)).body;
    expect(r1).toMatchObject({ status: 'failed', error: { code: 'daemon_restarted' } });
    expect((await b.api('GET', `/tasks/${third}`)).body).toMatchObject({ status: 'failed', error: { code: 'daemon_restarted' } });
    expect((await b.api('GET', `/tasks/${second}`)).body.status).toBe('cancelled');
    const events = await b.events(first);
    expect(events.length).toBeGreaterThanOrEqual(logged);
    expect(events[0]!.type).toBe('task:setup');
    // Parameters are kept without secrets; data shows its keys only.
    expect((await b.api('POST', `/tasks/${first}/resume`)).status).toBe(409);
  });
});
