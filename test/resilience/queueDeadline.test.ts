// An action whose deadline passes while it waits in its tab's queue has been answered 504: it must
// not run later (the client was told it failed; a retry would do it twice — a duplicated action).
// The blocking action is a test ActionDef that ignores its abort signal, so the order is certain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionDef } from '../../daemon/action.ts';
import { ApiError } from '../../daemon/errors.ts';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

const DEADLINE_MS = 1_500;
let h: Harness;
beforeAll(async () => { h = await startHarness({ actionDeadlineMs: DEADLINE_MS }); });
afterAll(async () => { await h?.close(); });

const NO_SHOT = { screenshot: { area: 'none' as const } };

describe('deadline while queued', () => {
  it('a queued action that timed out is not run when its turn comes', async () => {
    const tab = await h.openTab('/pages/static.html');
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const blocker: ActionDef<typeof NO_SHOT> = { type: 'test_block', async run() { await held; return {}; } };
    let queuedRan = 0;
    const queued: ActionDef<typeof NO_SHOT> = { type: 'test_queued', async run() { queuedRan += 1; return {}; } };

    const first = h.daemon.runner.run(tab, blocker, NO_SHOT).catch((e: ApiError) => e);
    const second = h.daemon.runner.run(tab, queued, NO_SHOT).catch((e: ApiError) => e);
    const [a, b] = await Promise.all([first, second]);
    expect((a as ApiError).status).toBe(504);
    expect((b as ApiError).status).toBe(504);

    release(); // the blocker finishes now; the queued action's turn comes after its client got 504
    const third = await h.daemon.runner.run(tab, queued, NO_SHOT);
    expect(third.action_id).toBeDefined();
    expect(queuedRan).toBe(1); // only the third ran
  });
});
