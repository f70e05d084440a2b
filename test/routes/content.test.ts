// screenshot (POST and GET), execute, text, wait, wait_for_network and every wait_until variant
// (rest.md §2.3, §4.7–4.9).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { act, imageKind, NO_SHOT, ok } from '../support/routeHelpers.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const bytesOf = (shot: { data: string }) => Buffer.from(shot.data, 'base64');

describe('POST screenshot', () => {
  it('encodes webp (default), png and jpeg at 1280×800', async () => {
    const tab = await h.openTab('/pages/static.html');
    for (const format of [undefined, 'webp', 'png', 'jpeg'] as const) {
      const env = await act(h, tab, 'screenshot', format ? { screenshot: { format } } : {});
      expect(env.result).toEqual({ status: 'screenshot' });
      for (const shot of [env.screenshot_after, env.screenshot_before]) {
        expect(shot).toMatchObject({ width: 1280, height: 800, format: format ?? 'webp' });
        expect(typeof shot.virtual_time_ms).toBe('number');
        expect(imageKind(bytesOf(shot))).toBe(format ?? 'webp');
      }
    }
  });

  it('quality changes the encoded size; markup "interactive" is accepted', async () => {
    const tab = await h.openTab('/pages/text.html');
    const low = await act(h, tab, 'screenshot', { screenshot: { format: 'jpeg', quality: 5, cursor: false } });
    const high = await act(h, tab, 'screenshot', { screenshot: { format: 'jpeg', quality: 95, cursor: false } });
    expect(bytesOf(low.screenshot_after).length).toBeLessThan(bytesOf(high.screenshot_after).length);
    const marked = await act(h, tab, 'screenshot', { screenshot: { markup: 'interactive', format: 'webp' } });
    expect(imageKind(bytesOf(marked.screenshot_after))).toBe('webp');
    const list = await act(h, tab, 'screenshot', { screenshot: { markup: ['clickable', 'grid'], format: 'png' } });
    expect(imageKind(bytesOf(list.screenshot_after))).toBe('png');
  });

  it('area "none" leaves both screenshots out', async () => {
    const tab = await h.openTab('/pages/static.html');
    const env = await act(h, tab, 'screenshot', { screenshot: { area: 'none' } });
    expect(env.screenshot_before).toBeUndefined();
    expect(env.screenshot_after).toBeUndefined();
    expect(env.profiling.before_screenshot_ms).toBe(-1);
  });
});

describe('GET screenshot', () => {
  it('returns raw bytes with the right content type', async () => {
    const tab = await h.openTab('/pages/static.html');
    for (const [query, type, kind] of [['', 'image/webp', 'webp'], ['?format=png', 'image/png', 'png'], ['?format=jpeg&quality=50', 'image/jpeg', 'jpeg'],
      ['?markup=interactive', 'image/webp', 'webp'], ['?markup=clickable,typeable&format=png', 'image/png', 'png'], ['?disable_markup=true&cursor=false', 'image/webp', 'webp']] as const) {
      const r = await h.raw('GET', `/tabs/${tab}/screenshot${query}`);
      expect(r.status, query).toBe(200);
      expect(r.headers.get('content-type'), query).toBe(type);
      expect(imageKind(Buffer.from(await r.arrayBuffer())), query).toBe(kind);
    }
  });

  it('an unknown markup type is a 400 that names it', async () => {
    const tab = await h.openTab('/pages/static.html');
    const r = await h.api('GET', `/tabs/${tab}/screenshot?markup=interactive,buttons`);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('INVALID_PARAMS');
    expect(r.body.error).toMatch(/markup.*"buttons"/);
    const format = await h.api('GET', `/tabs/${tab}/screenshot?format=gif`);
    expect(format.status).toBe(400);
    expect(format.body.error).toMatch(/format/);
  });
});

describe('execute', () => {
  it('returns the value by value, awaits promises, and accepts the expression alias', async () => {
    const tab = await h.openTab('/pages/text.html');
    const env = await act(h, tab, 'execute', { script: 'document.title', ...NO_SHOT });
    expect(env.result).toEqual({ type: 'string', value: 'Text Fixture' });
    expect((await act(h, tab, 'execute', { script: '2 + 2', ...NO_SHOT })).result).toMatchObject({ type: 'number', value: 4 });
    expect((await act(h, tab, 'execute', { script: '({a: [1, "x", null]})', ...NO_SHOT })).result.value).toEqual({ a: [1, 'x', null] });
    expect((await act(h, tab, 'execute', { expression: 'location.pathname', ...NO_SHOT })).result.value).toBe('/pages/text.html');
    // A promise-valued script is awaited, its timer running on the page's clock.
    const later = await act(h, tab, 'execute', { script: 'new Promise((r) => setTimeout(() => r(42), 200))', ...NO_SHOT });
    expect(later.result).toMatchObject({ type: 'number', value: 42 });
    expect((await act(h, tab, 'execute', { script: '(async () => "async")()', ...NO_SHOT })).result.value).toBe('async');
    expect((await act(h, tab, 'execute', { script: 'await Promise.resolve(7)', ...NO_SHOT })).result.value).toBe(7);
    const notAwaited = await act(h, tab, 'execute', { script: 'Promise.resolve(1)', await_promise: false, ...NO_SHOT });
    expect(notAwaited.result).toMatchObject({ type: 'object', subtype: 'promise' });
  });

  it('a thrown exception is a 200 with result.exception', async () => {
    const tab = await h.openTab('/pages/text.html');
    const env = await act(h, tab, 'execute', { script: 'throw new Error("boom")', ...NO_SHOT });
    expect(env.result.exception).toMatchObject({ text: 'Error: boom' });
    expect(typeof env.result.exception.line).toBe('number');
    expect(typeof env.result.exception.column).toBe('number');
    const rejected = await act(h, tab, 'execute', { script: 'Promise.reject(new TypeError("nope"))', ...NO_SHOT });
    expect(rejected.result.exception.text).toBe('TypeError: nope');
    const syntax = await act(h, tab, 'execute', { script: 'this is not js', ...NO_SHOT });
    expect(syntax.result.exception.text).toMatch(/^SyntaxError/);
  });

  it('values that cannot be serialized come back described, not as an error', async () => {
    const tab = await h.openTab('/pages/text.html');
    for (const [script, description] of [['window', 'Window'], ['const o = {}; o.self = o; o', 'Object'], ['Symbol("s")', 'Symbol(s)']]) {
      const env = await act(h, tab, 'execute', { script, ...NO_SHOT });
      expect(env.result.description, script).toBe(description);
    }
    expect((await act(h, tab, 'execute', { script: 'undefined', ...NO_SHOT })).result).toEqual({ type: 'undefined' });
    expect((await act(h, tab, 'execute', { script: '1/0', ...NO_SHOT })).result.value).toBe('Infinity');
  });

  it('reading the page does not move its clock', async () => {
    const tab = await h.openTab('/pages/vt.html');
    const first = await h.value<number>(tab, 'Date.now()');
    await new Promise((r) => setTimeout(r, 300));
    expect(await h.value<number>(tab, 'Date.now()')).toBe(first);
    expect(ok(await h.api('POST', `/tabs/${tab}/text`, {})).text).toBeTypeOf('string');
    expect(await h.value<number>(tab, 'Date.now()')).toBe(first);
  });
});

describe('text', () => {
  it('body text, a selector, no match, and max_chars', async () => {
    const tab = await h.openTab('/pages/text.html');
    const body = ok(await h.api('POST', `/tabs/${tab}/text`, {}));
    expect(body.text).toContain('The quick brown fox jumps over the lazy dog.');
    expect(body.text).toContain('The end.');
    expect(body.text).not.toContain('Hidden text must not appear');
    expect(body.truncated).toBeUndefined();
    expect(ok(await h.api('POST', `/tabs/${tab}/text`, { selector: '#a' }))).toEqual({ text: 'Alpha text' });
    expect(ok(await h.api('POST', `/tabs/${tab}/text`, { selector: '#does-not-exist' }))).toEqual({ text: null });
    const cut = ok(await h.api('POST', `/tabs/${tab}/text`, { selector: '#long', max_chars: 35 }));
    expect(cut).toEqual({ text: 'Sentence 001 of the long paragraph.', truncated: true });
    const whole = ok(await h.api('POST', `/tabs/${tab}/text`, { selector: '#p2', max_chars: 1000 }));
    expect(whole).toEqual({ text: 'Pack my box with five dozen liquor jugs.' });
  });

  it('an invalid selector is a 400 naming the selector', async () => {
    const tab = await h.openTab('/pages/text.html');
    const r = await h.api('POST', `/tabs/${tab}/text`, { selector: '##nope[' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/^selector: /);
  });
});

describe('wait and wait_for_network', () => {
  it('wait lets the page run for ms (its timers fire)', async () => {
    const tab = await h.openTab('/pages/vt.html');
    const before = await h.value<number>(tab, 'window.intervalCount');
    const env = await act(h, tab, 'wait', { ms: 500, ...NO_SHOT });
    expect(env.result).toEqual({ status: 'waited', ms: 500 });
    expect(await h.value<number>(tab, 'window.intervalCount')).toBeGreaterThanOrEqual(before + 4);
    expect((await act(h, tab, 'wait', { ms: 0, ...NO_SHOT })).result.ms).toBe(0);
  });

  it('wait_for_network waits for requests already in flight', async () => {
    const tab = await h.openTab('/pages/static.html');
    const gate = h.fixtures.gate('wait-for-network');
    await act(h, tab, 'execute', {
      script: "window.netDone = false; fetch('/gate/wait-for-network?type=json').then((r) => r.json()).then(() => { window.netDone = true; }); 1",
      wait_until: { type: 'immediate' }, ...NO_SHOT,
    });
    expect(await h.value(tab, 'window.netDone')).toBe(false);
    const waiting = h.api('POST', `/tabs/${tab}/wait_for_network`, NO_SHOT);
    const start = Date.now();
    while (!h.daemon.host.getTab(tab).queue.busy && Date.now() - start < 10_000) await new Promise((r) => setTimeout(r, 10));
    // The request the page started before this action ends only while it waits (past its 250 ms grace).
    await new Promise((r) => setTimeout(r, 600));
    gate.release();
    const env = ok(await waiting);
    expect(env.result).toEqual({});
    expect(await h.value(tab, 'window.netDone')).toBe(true);
  });
});

describe('wait_until', () => {
  it('immediate: returns right after the input (a 300 ms timer has not fired)', async () => {
    const tab = await h.openTab('/pages/timer.html');
    const env = await act(h, tab, 'click', { x: 100, y: 100, wait_until: { type: 'immediate' }, ...NO_SHOT });
    expect(env.settle.reason).toBe('quiet');
    expect(await h.value(tab, 'window.timerScheduled')).toBe(true);
    expect(await h.value(tab, 'window.timerFired')).toBe(false);
  });

  it('time: the page runs that long (ms and duration_ms)', async () => {
    const tab = await h.openTab('/pages/timer.html');
    await act(h, tab, 'click', { x: 100, y: 100, wait_until: { type: 'time', ms: 450 }, ...NO_SHOT });
    expect(await h.value(tab, 'window.timerFired')).toBe(true);
    const tab2 = await h.openTab('/pages/timer.html');
    await act(h, tab2, 'click', { x: 100, y: 100, wait_until: { type: 'time', duration_ms: 450 }, ...NO_SHOT });
    expect(await h.value(tab2, 'window.timerFired')).toBe(true);
  });

  it('network_idle: until no request is in flight', async () => {
    const tab = await h.openTab('/pages/fetch.html');
    const env = await act(h, tab, 'click', { x: 100, y: 100, wait_until: { type: 'network_idle', idle_time_ms: 200 }, ...NO_SHOT });
    expect(env.settle.reason).toBe('quiet');
    expect(await h.value(tab, "document.getElementById('result').textContent")).toBe('loaded');
  });

  it('text: until the body contains the text', async () => {
    const tab = await h.openTab('/pages/fetch.html');
    const env = await act(h, tab, 'click', { x: 100, y: 100, wait_until: { type: 'text', text: 'loaded' }, ...NO_SHOT });
    expect(env.settle.reason).toBe('quiet');
    expect(await h.value(tab, "document.getElementById('result').textContent")).toBe('loaded');
  });

  it('url: until the tab URL contains the text', async () => {
    const tab = await h.openTab('/pages/delayed-nav.html');
    const env = await act(h, tab, 'click', { x: 100, y: 100, wait_until: { type: 'url', url: 'landing.html' }, ...NO_SHOT });
    expect(env.settle.reason).toBe('quiet');
    expect(await h.value(tab, 'location.pathname')).toBe('/pages/landing.html');
  });

  it('action_complete is the default settle', async () => {
    const tab = await h.openTab('/pages/fetch.html');
    await act(h, tab, 'click', { x: 100, y: 100, wait_until: { type: 'action_complete' }, ...NO_SHOT });
    expect(await h.value(tab, "document.getElementById('result').textContent")).toBe('loaded');
  });

  it('hitting timeout_ms is reported as settle.reason "cap", not an error', async () => {
    const tab = await h.openTab('/pages/static.html');
    const env = await act(h, tab, 'wait', { ms: 0, wait_until: { type: 'text', text: 'never on this page', timeout_ms: 300 }, ...NO_SHOT });
    expect(env.settle.reason).toBe('cap');
    const url = await act(h, tab, 'wait', { ms: 0, wait_until: { type: 'url', url: 'nowhere', timeout_ms: 200 }, ...NO_SHOT });
    expect(url.settle.reason).toBe('cap');
  });
});
