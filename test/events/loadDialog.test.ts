// Issue 27 item 4: a dialog opened while the page loads (an inline alert() blocks the parser, so
// load never fires) must not hang navigate: it returns at once with the `dialog` event and a stale
// frame, as every action does; also for a data: URL, and on a tab whose clock has not started yet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const dialogOf = (body: any) => body.events?.find((e: any) => e.type === 'dialog');

async function navigateTimed(tab: string, url: string, screenshot = true): Promise<{ r: any; ms: number }> {
  const started = Date.now();
  const r = await h.api('POST', `/tabs/${tab}/navigate`, { url, ...(screenshot ? {} : { screenshot: { area: 'none' } }) });
  return { r, ms: Date.now() - started };
}

describe('a dialog during page load', () => {
  it('navigate to a page whose inline script alerts returns with the dialog event; accept lets the load finish', async () => {
    const tab = await h.openTab('/pages/static.html');
    const { r, ms } = await navigateTimed(tab, h.fixtures.url('/pages/load-dialog.html'));
    expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(200);
    // Not a speed assertion: a hang took the 15 s CDP deadline (504); "at once" is far below it.
    expect(ms).toBeLessThan(8_000);
    expect(dialogOf(r.body)?.data).toEqual({ tab_id: tab, dialog_type: 'alert', message: 'load', pending: true });
    expect(r.body.settle.reason).toBe('dialog');
    expect((await h.api('GET', `/tabs/${tab}/dialog`)).body).toMatchObject({ present: true, dialog_type: 'alert' });
    expect((await h.api('POST', `/tabs/${tab}/dialog/accept`, {})).status).toBe(200);
    expect(await h.value(tab, 'document.getElementById("result").textContent')).toBe('loaded');
  });

  it('the same as a data: URL, on a fresh tab (its clock not started yet)', async () => {
    const tab = (await h.api('POST', '/tabs', {})).body.id;
    const url = 'data:text/html,<title>d</title><script>alert("load")</script><p id=r>after</p>';
    const { r, ms } = await navigateTimed(tab, url);
    expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(200);
    expect(ms).toBeLessThan(8_000);
    expect(dialogOf(r.body)?.data).toMatchObject({ dialog_type: 'alert', message: 'load' });
    expect((await h.api('POST', `/tabs/${tab}/dialog/dismiss`, {})).status).toBe(200);
    expect(await h.value(tab, 'document.getElementById("r").textContent')).toBe('after');
  });

  it('confirm() during load, without a screenshot; the next navigate after answering works', async () => {
    const tab = await h.openTab('/pages/static.html');
    const { r } = await navigateTimed(tab, h.fixtures.url('/pages/load-dialog.html?type=confirm'), false);
    expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(200);
    expect(dialogOf(r.body)?.data).toMatchObject({ dialog_type: 'confirm', message: 'load confirm' });
    expect((await h.api('POST', `/tabs/${tab}/dialog/accept`, {})).status).toBe(200);
    expect(await h.value(tab, 'window.answer')).toBe(true);
    const again = await h.api('POST', `/tabs/${tab}/navigate`, { url: h.fixtures.url('/pages/static.html'), screenshot: { area: 'none' } });
    expect(again.status).toBe(200);
  });
});
