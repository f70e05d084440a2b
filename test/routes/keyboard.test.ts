// type, keyboard/press|down|up (rest.md §4.5) on test/pages/click.html: #text (150,195), #keys
// (600,195, logs key events), #area textarea (200,330), #username/#password/#submit form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/daemonHarness.ts';
import { act, NO_SHOT } from '../support/routeHelpers.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const valueOf = (tab: string, id: string) => h.value<string>(tab, `document.getElementById('${id}').value`);
const keydowns = (tab: string) => h.value<[string, string, number, boolean][]>(tab,
  "window.keyLog.filter((e) => e.type === 'keydown').map((e) => [e.key, e.code, e.keyCode, e.shift])");

describe('type', () => {
  it('ASCII is typed as real key events (key, code, keyCode, Shift for capitals and symbols)', async () => {
    const tab = await h.openTab('/pages/click.html');
    await act(h, tab, 'click', { x: 600, y: 195, ...NO_SHOT });
    const env = await act(h, tab, 'type', { text: 'Hi 1!', ...NO_SHOT });
    expect(env.result).toEqual({ status: 'typed' });
    expect(await valueOf(tab, 'keys')).toBe('Hi 1!');
    expect(await keydowns(tab)).toEqual([
      ['H', 'KeyH', 72, true], ['i', 'KeyI', 73, false], [' ', 'Space', 32, false], ['1', 'Digit1', 49, false], ['!', 'Digit1', 49, true],
    ]);
    expect(await h.value(tab, "window.keyLog.filter((e) => e.type === 'keyup').length")).toBe(5);
  });

  it('Unicode (accents, emoji, CJK) lands in an input and a textarea, newlines included', async () => {
    const tab = await h.openTab('/pages/click.html');
    await act(h, tab, 'click', { x: 150, y: 195, ...NO_SHOT });
    await act(h, tab, 'type', { text: 'café 😀 日本 ñ', ...NO_SHOT });
    expect(await valueOf(tab, 'text')).toBe('café 😀 日本 ñ');
    await act(h, tab, 'click', { x: 200, y: 330, ...NO_SHOT });
    await act(h, tab, 'type', { text: 'é\nsecond line 👍', ...NO_SHOT });
    expect(await valueOf(tab, 'area')).toBe('é\nsecond line 👍');
  });

  it('an empty text is accepted and types nothing', async () => {
    const tab = await h.openTab('/pages/click.html');
    await act(h, tab, 'click', { x: 150, y: 195, ...NO_SHOT });
    await act(h, tab, 'type', { text: '', ...NO_SHOT });
    expect(await valueOf(tab, 'text')).toBe('');
  });
});

describe('keyboard/press', () => {
  it('Enter in a form field submits the form', async () => {
    const tab = await h.openTab('/pages/click.html');
    await act(h, tab, 'click', { x: 150, y: 495, ...NO_SHOT });
    await act(h, tab, 'type', { text: 'bob', ...NO_SHOT });
    const env = await act(h, tab, 'keyboard/press', { key: 'Enter', ...NO_SHOT });
    expect(env.result).toEqual({ status: 'pressed', key: 'Enter' });
    expect(await h.value(tab, 'window.submits')).toBe(1);
    expect(await h.value(tab, 'window.lastFormData')).toEqual({ username: 'bob', password: '' });
  });

  it('Tab moves the focus to the next field', async () => {
    const tab = await h.openTab('/pages/click.html');
    await act(h, tab, 'click', { x: 150, y: 495, ...NO_SHOT });
    await act(h, tab, 'keyboard/press', { key: 'Tab', ...NO_SHOT });
    expect(await h.value(tab, 'document.activeElement.id')).toBe('password');
    await act(h, tab, 'type', { text: 'secret', ...NO_SHOT });
    expect(await valueOf(tab, 'password')).toBe('secret');
    await act(h, tab, 'keyboard/press', { key: 'Tab', modifiers: ['Shift'], ...NO_SHOT });
    expect(await h.value(tab, 'document.activeElement.id')).toBe('username');
  });

  it('Ctrl+A then Backspace clears the field', async () => {
    const tab = await h.openTab('/pages/click.html');
    await act(h, tab, 'click', { x: 150, y: 195, ...NO_SHOT });
    await act(h, tab, 'type', { text: 'hello world', ...NO_SHOT });
    const env = await act(h, tab, 'keyboard/press', { key: 'a', modifiers: ['Control'], ...NO_SHOT });
    expect(env.result).toEqual({ status: 'pressed', key: 'a', modifiers: ['Control'] });
    await act(h, tab, 'keyboard/press', { key: 'Backspace', ...NO_SHOT });
    expect(await valueOf(tab, 'text')).toBe('');
  });

  it('accepts aliases and case-insensitive DOM names; unknown keys are a 400 naming the key', async () => {
    const tab = await h.openTab('/pages/click.html');
    await act(h, tab, 'click', { x: 600, y: 195, ...NO_SHOT });
    for (const [name, key] of [['ESC', 'Escape'], ['escape', 'Escape'], ['PGDN', 'PageDown'], ['arrowleft', 'ArrowLeft'], ['f2', 'F2'], ['Space', ' ']]) {
      const env = await act(h, tab, 'keyboard/press', { key: name, ...NO_SHOT });
      expect(env.result.key, name).toBe(key);
    }
    expect((await keydowns(tab)).map((k) => k[0])).toEqual(['Escape', 'Escape', 'PageDown', 'ArrowLeft', 'F2', ' ']);
    const bad = await h.api('POST', `/tabs/${tab}/keyboard/press`, { key: 'NotAKey' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_PARAMS' });
    expect(bad.body.error).toMatch(/^key: unknown key "NotAKey"/);
    const badMod = await h.api('POST', `/tabs/${tab}/keyboard/press`, { key: 'a', modifiers: ['Super'] });
    expect(badMod.status).toBe(400);
    expect(badMod.body.error).toMatch(/modifiers\[0\]/);
  });
});

describe('keyboard/down and keyboard/up', () => {
  it('a held Shift applies to later keys until it is released', async () => {
    const tab = await h.openTab('/pages/click.html');
    await act(h, tab, 'click', { x: 600, y: 195, ...NO_SHOT });
    const down = await act(h, tab, 'keyboard/down', { key: 'Shift', ...NO_SHOT });
    expect(down.result).toEqual({ status: 'key_down', key: 'Shift' });
    await act(h, tab, 'keyboard/press', { key: 'a', ...NO_SHOT });
    await act(h, tab, 'keyboard/press', { key: '1', ...NO_SHOT });
    // type follows the held Shift too: a digit types its sign, like a key pressed with Shift down.
    await act(h, tab, 'type', { text: '2c', ...NO_SHOT });
    const up = await act(h, tab, 'keyboard/up', { key: 'SHIFT', ...NO_SHOT });
    expect(up.result).toEqual({ status: 'key_up', key: 'Shift' });
    await act(h, tab, 'keyboard/press', { key: 'b', ...NO_SHOT });
    expect(await valueOf(tab, 'keys')).toBe('A!@Cb');
    const downs = await keydowns(tab);
    expect(downs[0]!.slice(0, 3)).toEqual(['Shift', 'ShiftLeft', 16]);
    expect(downs.slice(1)).toEqual([['A', 'KeyA', 65, true], ['!', 'Digit1', 49, true], ['@', 'Digit2', 50, true], ['C', 'KeyC', 67, true], ['b', 'KeyB', 66, false]]);
    // A held modifier also reaches mouse input.
    await act(h, tab, 'keyboard/down', { key: 'Control', ...NO_SHOT });
    await act(h, tab, 'click', { x: 100, y: 100, ...NO_SHOT });
    await act(h, tab, 'keyboard/up', { key: 'Control', ...NO_SHOT });
    expect(await h.value(tab, 'window.lastClick.ctrlKey')).toBe(true);
    await act(h, tab, 'click', { x: 100, y: 100, ...NO_SHOT });
    expect(await h.value(tab, 'window.lastClick.ctrlKey')).toBe(false);
  });

  it('in a batch, Shift down/up behaves as the single actions: its own keydown reports shiftKey', async () => {
    const tab = await h.openTab('/pages/click.html');
    await act(h, tab, 'click', { x: 600, y: 195, ...NO_SHOT });
    await act(h, tab, 'batch', { actions: [
      { type: 'keyboard_press', key: 'Shift', action: 'down' }, { type: 'keyboard_press', key: 'a' },
      { type: 'keyboard_press', key: 'Shift', action: 'up' }, { type: 'keyboard_press', key: 'b' },
    ], ...NO_SHOT });
    expect(await valueOf(tab, 'keys')).toBe('Ab');
    expect(await keydowns(tab)).toEqual([['Shift', 'ShiftLeft', 16, true], ['A', 'KeyA', 65, true], ['b', 'KeyB', 66, false]]);
  });

  it('down/up of a plain key produce keydown and keyup events', async () => {
    const tab = await h.openTab('/pages/click.html');
    await act(h, tab, 'click', { x: 600, y: 195, ...NO_SHOT });
    await act(h, tab, 'keyboard/down', { key: 'x', ...NO_SHOT });
    await act(h, tab, 'keyboard/up', { key: 'x', ...NO_SHOT });
    expect(await h.value(tab, "window.keyLog.map((e) => e.type + ' ' + e.key)")).toEqual(['keydown x', 'keyup x']);
    expect(await valueOf(tab, 'keys')).toBe('x');
  });
});
