// Issue 27 item 2: the session dir's disk quota. What abpd keeps (history, downloads, uploads) stays
// within --max-session-mb: the oldest goes first, history actions and downloads alike; a download
// that cannot fit even then is cancelled with download_failed {reason: quota}.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotaOf } from '../../daemon/quota.ts';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

const QUOTA = 1_200_000;
let h: Harness;
beforeAll(async () => { h = await startHarness({ history: true, maxSessionBytes: QUOTA }); });
afterAll(async () => { await h?.close(); });

const ofType = (events: any[], type: string) => events.filter((e) => e.type === type);

async function download(tab: string, name: string, size: number): Promise<any> {
  const r = await h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url(`/download/${name}?size=${size}`), screenshot: { area: 'none' } });
  const id = ofType(r.body.events, 'download_started')[0]?.data.download_id;
  expect(id, JSON.stringify(r.body).slice(0, 300)).toBeDefined();
  let record: any;
  for (let i = 0; i < 50; i += 1) {
    record = (await h.api('GET', `/downloads/${id}`)).body;
    if (record.state !== 'in_progress') break;
    await new Promise((res) => setTimeout(res, 100));
  }
  return { record, events: r.body.events };
}

describe('session dir quota', () => {
  it('keeps what abpd stores within the quota, oldest first (history actions and downloads), and refuses what cannot fit', async () => {
    const tab = await h.openTab('/pages/static.html');
    // Oldest: a few actions with screenshots in history.
    const first = await h.api('POST', `/tabs/${tab}/click`, { x: 5, y: 5 });
    await h.api('POST', `/tabs/${tab}/click`, { x: 6, y: 6 });
    const d1 = await download(tab, 'q1.bin', 300_000);
    const d2 = await download(tab, 'q2.bin', 300_000);
    expect(d1.record.state).toBe('completed');
    const quota = quotaOf(h.daemon.host)!;
    expect(quota.usedBytes()).toBeLessThanOrEqual(QUOTA);
    // Now over: the oldest go (the first actions, then q1), q2 and the new one stay.
    const d3 = await download(tab, 'q3.bin', 600_000);
    expect(d3.record.state).toBe('completed');
    await h.api('POST', `/tabs/${tab}/execute`, { script: '1', screenshot: { area: 'none' } });
    expect(quota.usedBytes()).toBeLessThanOrEqual(QUOTA);
    const r1 = (await h.api('GET', `/downloads/${d1.record.id}`)).body;
    expect(r1).toMatchObject({ pruned: true });
    expect(existsSync(r1.path)).toBe(false);
    const gone = await h.api('GET', `/downloads/${d1.record.id}/content`);
    expect(gone.status).toBe(410);
    expect(gone.body.error).toContain('--max-session-mb');
    expect((await h.api('GET', `/downloads/${d3.record.id}`)).body.pruned).toBeUndefined();
    const ids = (await h.api('GET', '/history/actions?limit=500')).body.data.actions.map((a: any) => a.id);
    expect(ids).not.toContain(first.body.action_id);

    // Bigger than the whole quota: pruning cannot make room; it is refused.
    const big = await download(tab, 'huge.bin', 3_000_000);
    expect(big.record).toMatchObject({ state: 'failed', failure_reason: 'quota' });
    const next = await h.api('POST', `/tabs/${tab}/execute`, { script: '1', screenshot: { area: 'none' } });
    const failed = ofType([...big.events, ...next.body.events], 'download_failed');
    expect(failed[0]?.data).toMatchObject({ reason: 'quota', quota_bytes: QUOTA, flag: '--max-session-mb' });
    const status = (await h.api('GET', '/browser/status')).body.data;
    expect(status.quota).toMatchObject({ limit_bytes: QUOTA, used_bytes: expect.any(Number) });
    expect(status.quota.used_bytes).toBeLessThanOrEqual(QUOTA);
  });
});
