// Dialogs (rest.md §4.10) and pages that hang: nothing a page does may hang an agent. A click that
// opens a dialog returns promptly with a `dialog` event; the dialog is answered with queries that
// bypass the tab's queue; a page stuck in while(true){} blocks neither other tabs nor its own tab
// for long.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const types = (env: { events: { type: string }[] }) => env.events.map((e) => e.type);

describe('dialogs', () => {
  it('a click that opens confirm() returns well before the deadline, with the dialog event and a stale frame', async () => {
    const tab = await h.openTab('/pages/dialog.html');
    const started = Date.now();
    const r = await h.api('POST', `/tabs/${tab}/click`, { x: 300, y: 100 });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    // Not a speed assertion: the action deadline is 30 s; a hang would take all of it.
    expect(Date.now() - started).toBeLessThan(10_000);
    const dialog = r.body.events.find((e: any) => e.type === 'dialog');
    expect(dialog.data).toEqual({ tab_id: tab, dialog_type: 'confirm', message: 'Confirm this action?', pending: true });
    expect(r.body.settle.reason).toBe('dialog');
    expect(r.body.screenshot_after.stale).toBe(true);
    expect(r.body.screenshot_after.data).toBe(r.body.screenshot_before.data);

    const state = await h.api('GET', `/tabs/${tab}/dialog`);
    expect(state.body).toEqual({ present: true, dialog_type: 'confirm', message: 'Confirm this action?' });
    // Other actions on the tab fail fast and say how to close it; status and tab list still answer.
    const blocked = await h.api('POST', `/tabs/${tab}/click`, { x: 10, y: 10 });
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('DIALOG_PENDING');
    expect(blocked.body.error).toContain('/dialog/accept');
    expect((await h.api('GET', '/browser/status')).status).toBe(200);
    expect((await h.api('GET', '/tabs')).status).toBe(200);

    const accepted = await h.api('POST', `/tabs/${tab}/dialog/accept`, {});
    expect(accepted.body).toEqual({ success: true });
    expect((await h.api('GET', `/tabs/${tab}/dialog`)).body).toEqual({ present: false });
    // The page continued with confirm() === true; dialog_closed comes with the next action.
    const next = await h.api('POST', `/tabs/${tab}/execute`, { script: 'window.confirmResult' });
    expect(next.body.result.value).toBe(true);
    const closed = next.body.events.find((e: any) => e.type === 'dialog_closed');
    expect(closed?.data).toMatchObject({ tab_id: tab, accepted: true });
  });

  it('prompt() gets the agent\'s text; dismissing confirm() gives false', async () => {
    const tab = await h.openTab('/pages/dialog.html');
    const opened = await h.api('POST', `/tabs/${tab}/click`, { x: 500, y: 100 });
    expect(opened.body.events.find((e: any) => e.type === 'dialog')?.data).toMatchObject({ dialog_type: 'prompt', default_prompt: 'Default' });
    expect((await h.api('POST', `/tabs/${tab}/dialog/accept`, { prompt_text: 'Bob' })).status).toBe(200);
    expect(await h.value(tab, 'window.promptResult')).toBe('Bob');

    await h.api('POST', `/tabs/${tab}/click`, { x: 300, y: 100 });
    expect((await h.api('POST', `/tabs/${tab}/dialog/dismiss`, {})).body).toEqual({ success: true });
    expect(await h.value(tab, 'window.confirmResult')).toBe(false);
  });

  it('execute of a script that opens a dialog answers at once (not at the cap) with the dialog', async () => {
    const tab = await h.openTab('/pages/dialog.html');
    const r = await h.api('POST', `/tabs/${tab}/execute`, { script: 'window.answer = confirm("Sure?"); 7' });
    // A blocked evaluation used to hold the tab until the action deadline (504).
    expect(r.status).toBe(200);
    expect(r.body.result).toMatchObject({ type: 'undefined', blocked_by_dialog: true });
    expect(r.body.result.description).toContain('/dialog/accept');
    expect(r.body.events.find((e: any) => e.type === 'dialog')?.data).toMatchObject({ dialog_type: 'confirm', message: 'Sure?' });
    expect((await h.api('POST', `/tabs/${tab}/dialog/accept`, {})).status).toBe(200);
    // The script went on after the answer.
    expect(await h.value(tab, 'window.answer')).toBe(true);
  });

  it('execute of a script that awaits a timer, then opens a dialog, answers without waiting for the clock', async () => {
    const tab = await h.openTab('/pages/dialog.html');
    // The timer needs the clock to run (pumped while the script waits); the dialog then blocks the
    // clock's own calls, which used to hold the answer until their 15 s timeout.
    const r = await h.api('POST', `/tabs/${tab}/execute`, { script: 'await new Promise((r) => setTimeout(r, 200)); alert("later"); 1' });
    expect(r.status).toBe(200);
    expect(r.body.result).toMatchObject({ blocked_by_dialog: true });
    expect(r.body.profiling.total_ms).toBeLessThan(10_000);
    expect((await h.api('POST', `/tabs/${tab}/dialog/accept`, {})).status).toBe(200);
    const next = await h.api('POST', `/tabs/${tab}/execute`, { script: '({ a: [1, 2, 3] })' });
    expect(next.body.result.value).toEqual({ a: [1, 2, 3] });
  });

  it('accept/dismiss without a dialog is 409 NO_PENDING_DIALOG; unknown tab is 404', async () => {
    const tab = await h.openTab('/pages/dialog.html');
    const r = await h.api('POST', `/tabs/${tab}/dialog/accept`, {});
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('NO_PENDING_DIALOG');
    expect((await h.api('POST', `/tabs/${tab}/dialog/dismiss`)).body.code).toBe('NO_PENDING_DIALOG');
    expect((await h.api('GET', '/tabs/NOPE/dialog')).status).toBe(404);
    const bad = await h.api('POST', `/tabs/${tab}/dialog/accept`, { prompt_text: 5 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('prompt_text');
  });

  it('alert() opened by a click: accept unblocks the page', async () => {
    const tab = await h.openTab('/pages/dialog.html');
    const r = await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100 });
    expect(types(r.body)).toContain('dialog');
    expect(await h.value(tab, 'window.alertDone').catch((e: Error) => e.message)).toContain('409');
    await h.api('POST', `/tabs/${tab}/dialog/accept`, {});
    expect(await h.value(tab, 'window.alertDone')).toBe(true);
  });

  it('leaving a page with a beforeunload handler opens a beforeunload dialog; accepting leaves', async () => {
    const tab = await h.openTab('/pages/beforeunload.html');
    await h.api('POST', `/tabs/${tab}/click`, { x: 100, y: 100 });
    expect(await h.value(tab, 'window.armed')).toBe(true);
    const r = await h.api('POST', `/tabs/${tab}/click`, { x: 300, y: 100 });
    expect(r.status).toBe(200);
    expect(r.body.events.find((e: any) => e.type === 'dialog')?.data).toMatchObject({ dialog_type: 'beforeunload', pending: true });
    expect((await h.api('POST', `/tabs/${tab}/dialog/accept`, {})).status).toBe(200);
    const after = await h.api('POST', `/tabs/${tab}/wait`, { ms: 300 });
    expect(after.status).toBe(200);
    expect(await h.value(tab, 'location.pathname')).toBe('/pages/landing.html');
  });
});

describe('a page that never yields (while (true) {})', () => {
  it('does not block status or other tabs, and its own action returns within the deadline', async () => {
    const looping = await h.openTab('/pages/loop.html');
    const other = await h.openTab('/pages/static.html');
    const started = Date.now();
    const hang = h.api('POST', `/tabs/${looping}/click`, { x: 100, y: 100 });
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.api('GET', '/browser/status')).body.data.ready).toBe(true);
    const click = await h.api('POST', `/tabs/${other}/click`, { x: 160, y: 120 });
    expect(click.status).toBe(200);
    expect(await h.value(other, "document.getElementById('status').textContent")).toBe('clicked');
    const r = await hang;
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(200);
    expect(types(r.body)).toContain('script_terminated');
    // The loop was terminated: the tab answers again, and the page state before the loop is intact.
    expect(await h.value(looping, 'window.loopStarted')).toBe(true);
    const again = await h.api('POST', `/tabs/${looping}/click`, { x: 300, y: 100 });
    expect(again.status).toBe(200);
  });
});
