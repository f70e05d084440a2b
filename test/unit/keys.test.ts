import { describe, expect, it } from 'vitest';
import {
  MODIFIER_BITS,
  isModifierKey,
  keyForChar,
  modifiersMask,
  resolveKey,
  resolveModifier,
  type KeyDefinition,
} from '../../cdp/keys.ts';

type Case = [name: string, expected: KeyDefinition];

const cases = (rows: Case[]) => rows.map(([name, expected]) => ({ name, expected }));

describe('resolveKey: Appendix A table', () => {
  const table = cases([
    // modifiers (side-less name = left key)
    ['Alt', { key: 'Alt', code: 'AltLeft', keyCode: 18, location: 1 }],
    ['AltLeft', { key: 'Alt', code: 'AltLeft', keyCode: 18, location: 1 }],
    ['AltRight', { key: 'Alt', code: 'AltRight', keyCode: 18, location: 2 }],
    ['Control', { key: 'Control', code: 'ControlLeft', keyCode: 17, location: 1 }],
    ['ControlRight', { key: 'Control', code: 'ControlRight', keyCode: 17, location: 2 }],
    ['Meta', { key: 'Meta', code: 'MetaLeft', keyCode: 91, location: 1 }],
    ['MetaRight', { key: 'Meta', code: 'MetaRight', keyCode: 92, location: 2 }],
    ['Shift', { key: 'Shift', code: 'ShiftLeft', keyCode: 16, location: 1 }],
    ['ShiftLeft', { key: 'Shift', code: 'ShiftLeft', keyCode: 16, location: 1 }],
    ['ShiftRight', { key: 'Shift', code: 'ShiftRight', keyCode: 16, location: 2 }],
    // editing / navigation
    ['Enter', { key: 'Enter', code: 'Enter', keyCode: 13, text: '\r' }],
    ['Tab', { key: 'Tab', code: 'Tab', keyCode: 9, text: '\t' }],
    ['Escape', { key: 'Escape', code: 'Escape', keyCode: 27 }],
    ['Backspace', { key: 'Backspace', code: 'Backspace', keyCode: 8 }],
    ['Delete', { key: 'Delete', code: 'Delete', keyCode: 46 }],
    ['Insert', { key: 'Insert', code: 'Insert', keyCode: 45 }],
    ['Home', { key: 'Home', code: 'Home', keyCode: 36 }],
    ['End', { key: 'End', code: 'End', keyCode: 35 }],
    ['PageUp', { key: 'PageUp', code: 'PageUp', keyCode: 33 }],
    ['PageDown', { key: 'PageDown', code: 'PageDown', keyCode: 34 }],
    ['Space', { key: ' ', code: 'Space', keyCode: 32, text: ' ' }],
    [' ', { key: ' ', code: 'Space', keyCode: 32, text: ' ' }],
    ['ArrowUp', { key: 'ArrowUp', code: 'ArrowUp', keyCode: 38 }],
    ['ArrowDown', { key: 'ArrowDown', code: 'ArrowDown', keyCode: 40 }],
    ['ArrowLeft', { key: 'ArrowLeft', code: 'ArrowLeft', keyCode: 37 }],
    ['ArrowRight', { key: 'ArrowRight', code: 'ArrowRight', keyCode: 39 }],
    // function keys
    ['F1', { key: 'F1', code: 'F1', keyCode: 112 }],
    ['F5', { key: 'F5', code: 'F5', keyCode: 116 }],
    ['F12', { key: 'F12', code: 'F12', keyCode: 123 }],
    // symbol names
    ['Comma', { key: ',', code: 'Comma', keyCode: 188, text: ',' }],
    ['Period', { key: '.', code: 'Period', keyCode: 190, text: '.' }],
    ['Slash', { key: '/', code: 'Slash', keyCode: 191, text: '/' }],
    ['Backslash', { key: '\\', code: 'Backslash', keyCode: 220, text: '\\' }],
    ['Semicolon', { key: ';', code: 'Semicolon', keyCode: 186, text: ';' }],
    ['Quote', { key: "'", code: 'Quote', keyCode: 222, text: "'" }],
    ['BracketLeft', { key: '[', code: 'BracketLeft', keyCode: 219, text: '[' }],
    ['BracketRight', { key: ']', code: 'BracketRight', keyCode: 221, text: ']' }],
    ['Minus', { key: '-', code: 'Minus', keyCode: 189, text: '-' }],
    ['Equal', { key: '=', code: 'Equal', keyCode: 187, text: '=' }],
    ['Backquote', { key: '`', code: 'Backquote', keyCode: 192, text: '`' }],
    // digits, letters (case kept as given; upper case flags shift), DOM code names
    ['0', { key: '0', code: 'Digit0', keyCode: 48, text: '0' }],
    ['9', { key: '9', code: 'Digit9', keyCode: 57, text: '9' }],
    ['Digit5', { key: '5', code: 'Digit5', keyCode: 53, text: '5' }],
    ['a', { key: 'a', code: 'KeyA', keyCode: 65, text: 'a' }],
    ['z', { key: 'z', code: 'KeyZ', keyCode: 90, text: 'z' }],
    ['A', { key: 'A', code: 'KeyA', keyCode: 65, text: 'A', shift: true }],
    ['Q', { key: 'Q', code: 'KeyQ', keyCode: 81, text: 'Q', shift: true }],
    ['KeyA', { key: 'a', code: 'KeyA', keyCode: 65, text: 'a' }],
    // single printable characters
    [',', { key: ',', code: 'Comma', keyCode: 188, text: ',' }],
    ['!', { key: '!', code: 'Digit1', keyCode: 49, text: '!', shift: true }],
    ['@', { key: '@', code: 'Digit2', keyCode: 50, text: '@', shift: true }],
    ['?', { key: '?', code: 'Slash', keyCode: 191, text: '?', shift: true }],
    ['é', { key: 'é', code: '', keyCode: 0, text: 'é' }],
    ['e\u0301', { key: 'é', code: '', keyCode: 0, text: 'é' }], // decomposed é is NFC-normalized
    ['€', { key: '€', code: '', keyCode: 0, text: '€' }],
    ['日', { key: '日', code: '', keyCode: 0, text: '日' }],
    ['😀', { key: '😀', code: '', keyCode: 0, text: '😀' }],
    ['\n', { key: 'Enter', code: 'Enter', keyCode: 13, text: '\r' }],
  ]);

  it.each(table)('$name', ({ name, expected }) => {
    expect(resolveKey(name)).toStrictEqual(expected);
  });

  it('covers F1..F12 with keyCodes 112..123', () => {
    for (let i = 1; i <= 12; i++) expect(resolveKey(`F${i}`)).toStrictEqual({ key: `F${i}`, code: `F${i}`, keyCode: 111 + i });
  });

  it('covers every letter in both cases', () => {
    for (let c = 65; c <= 90; c++) {
      const upper = String.fromCharCode(c);
      const lower = upper.toLowerCase();
      expect(resolveKey(lower)).toStrictEqual({ key: lower, code: `Key${upper}`, keyCode: c, text: lower });
      expect(resolveKey(upper)).toStrictEqual({ key: upper, code: `Key${upper}`, keyCode: c, text: upper, shift: true });
    }
  });
});

describe('resolveKey: case-insensitivity and aliases', () => {
  const same: [alias: string, canonical: string][] = [
    ['enter', 'Enter'], ['ENTER', 'Enter'], ['eNtEr', 'Enter'], ['RETURN', 'Enter'], ['CR', 'Enter'],
    ['TAB', 'Tab'], ['ESC', 'Escape'], ['esc', 'Escape'], ['ESCAPE', 'Escape'],
    ['BS', 'Backspace'], ['BACKSPACE', 'Backspace'], ['DEL', 'Delete'], ['INS', 'Insert'],
    ['HOME', 'Home'], ['END', 'End'],
    ['PGUP', 'PageUp'], ['PAGEUP', 'PageUp'], ['PGDN', 'PageDown'], ['PGDOWN', 'PageDown'], ['PAGEDOWN', 'PageDown'], ['pagedown', 'PageDown'],
    ['UP', 'ArrowUp'], ['DOWN', 'ArrowDown'], ['LEFT', 'ArrowLeft'], ['RIGHT', 'ArrowRight'], ['ARROWUP', 'ArrowUp'], ['arrowleft', 'ArrowLeft'],
    ['SPACE', 'Space'], ['space', 'Space'], ['f5', 'F5'], ['COMMA', 'Comma'], ['bracketleft', 'BracketLeft'], ['BACKQUOTE', 'Backquote'],
    ['CTRL', 'Control'], ['ctrl', 'Control'], ['CONTROL', 'Control'], ['⌃', 'Control'], ['controlright', 'ControlRight'],
    ['CMD', 'Meta'], ['COMMAND', 'Meta'], ['⌘', 'Meta'], ['META', 'Meta'],
    ['OPT', 'Alt'], ['OPTION', 'Alt'], ['⌥', 'Alt'], ['ALT', 'Alt'],
    ['⇧', 'Shift'], ['SHIFT', 'Shift'], ['SHIFTRIGHT', 'ShiftRight'],
  ];

  it.each(same.map(([alias, canonical]) => ({ alias, canonical })))('$alias = $canonical', ({ alias, canonical }) => {
    expect(resolveKey(alias)).toStrictEqual(resolveKey(canonical));
    expect(resolveKey(alias)).toBeDefined();
  });

  // §5.12: the valid set after batch normalization must all resolve.
  const batchValid = [
    ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    ...Array.from({ length: 12 }, (_, i) => `F${i + 1}`),
    'ARROWUP', 'ARROWDOWN', 'ARROWLEFT', 'ARROWRIGHT', 'HOME', 'END', 'PAGEUP', 'PAGEDOWN', 'BACKSPACE',
    'DELETE', 'INSERT', 'ENTER', 'TAB', 'ESCAPE', 'SPACE', 'SHIFT', 'CONTROL', 'ALT', 'META', 'COMMA',
    'PERIOD', 'SLASH', 'BACKSLASH', 'SEMICOLON', 'QUOTE', 'BRACKETLEFT', 'BRACKETRIGHT', 'MINUS', 'EQUAL', 'BACKQUOTE',
  ];
  it.each(batchValid)('batch name %s resolves', (name) => {
    expect(resolveKey(name)).toBeDefined();
  });
});

describe('resolveKey: unknown names', () => {
  it.each(['', 'Foo', 'ESCAPEE', 'Enter ', ' Enter', 'F0', 'F13', 'ab', 'Ctrl+A', '\u0007', '\u007f', '\u0301', 'toString', '__proto__', 'constructor', '\u212Aey'])(
    '%j → undefined',
    (name) => expect(resolveKey(name)).toBeUndefined(),
  );
});

describe('modifiers', () => {
  it.each([
    ['Alt', 'Alt'], ['alt', 'Alt'], ['OPT', 'Alt'], ['option', 'Alt'], ['⌥', 'Alt'], ['AltRight', 'Alt'],
    ['Control', 'Control'], ['CTRL', 'Control'], ['control', 'Control'], ['⌃', 'Control'], ['ControlLeft', 'Control'],
    ['Meta', 'Meta'], ['CMD', 'Meta'], ['command', 'Meta'], ['⌘', 'Meta'], ['metaright', 'Meta'],
    ['Shift', 'Shift'], ['SHIFT', 'Shift'], ['⇧', 'Shift'], ['ShiftRight', 'Shift'],
  ] as const)('resolveModifier(%j) = %s', (name, expected) => {
    expect(resolveModifier(name)).toBe(expected);
  });

  it.each(['Enter', 'a', 'A', 'Foo', '', 'F1', 'Space', 'toString'])('resolveModifier(%j) = undefined', (name) => {
    expect(resolveModifier(name)).toBeUndefined();
  });

  it('has the CDP bits', () => {
    expect(MODIFIER_BITS).toStrictEqual({ Alt: 1, Control: 2, Meta: 4, Shift: 8 });
  });

  it.each([
    [[], 0],
    [['Shift'], 8],
    [['ctrl', 'CMD'], 6],
    [['Alt', 'Control', 'Meta', 'Shift'], 15],
    [['Shift', 'shift', 'ShiftRight', '⇧'], 8],
    [['Alt', 'Bogus', 'Enter'], 1],
  ] as const)('modifiersMask(%j) = %i', (names, mask) => {
    expect(modifiersMask(names)).toBe(mask);
  });

  it.each([
    ['Alt', true], ['ControlRight', true], ['⌘', true], ['SHIFT', true],
    ['Enter', false], ['a', false], ['Space', false], ['é', false],
  ] as const)('isModifierKey(%j) = %s', (name, expected) => {
    const def = resolveKey(name);
    expect(def).toBeDefined();
    expect(isModifierKey(def!)).toBe(expected);
  });
});

describe('keyForChar', () => {
  const SHIFTED = new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZ~!@#$%^&*()_+{}|:"<>?');
  const printableAscii = Array.from({ length: 126 - 32 + 1 }, (_, i) => String.fromCharCode(32 + i));

  it.each(printableAscii)('%j is typed on a US key producing itself', (ch) => {
    const hit = keyForChar(ch);
    expect(hit).toBeDefined();
    expect(hit!.def.text).toBe(ch);
    expect(hit!.def.key).toBe(ch);
    expect(hit!.def.code).not.toBe('');
    expect(hit!.def.keyCode).toBeGreaterThan(0);
    expect(hit!.shift).toBe(SHIFTED.has(ch));
    expect(resolveKey(ch)).toStrictEqual(hit!.def);
  });

  // Appendix A: shifted symbols sit on their base key.
  it.each([
    ['!', 'Digit1'], ['@', 'Digit2'], ['#', 'Digit3'], ['$', 'Digit4'], ['%', 'Digit5'],
    ['^', 'Digit6'], ['&', 'Digit7'], ['*', 'Digit8'], ['(', 'Digit9'], [')', 'Digit0'],
    ['~', 'Backquote'], ['_', 'Minus'], ['+', 'Equal'], ['{', 'BracketLeft'], ['}', 'BracketRight'],
    ['|', 'Backslash'], [':', 'Semicolon'], ['"', 'Quote'], ['<', 'Comma'], ['>', 'Period'], ['?', 'Slash'],
  ])('%j is Shift+%s', (ch, code) => {
    const base = resolveKey(code);
    expect(keyForChar(ch)).toStrictEqual({
      def: { key: ch, code, keyCode: base?.keyCode, text: ch, shift: true },
      shift: true,
    });
  });

  it.each([
    ['\n', 'Enter'], ['\r', 'Enter'], ['\t', 'Tab'], [' ', 'Space'],
  ])('%j → %s', (ch, name) => {
    expect(keyForChar(ch)).toStrictEqual({ def: resolveKey(name), shift: false });
  });

  it.each(['é', 'ü', 'ß', '€', '日', '😀', '\u00a0', '\u0000', '\b', '\u007f', '', 'ab', 'e\u0301'])('%j → undefined (insertText)', (ch) => {
    expect(keyForChar(ch)).toBeUndefined();
  });
});

describe('results are fresh objects', () => {
  it('mutating a result does not affect later lookups', () => {
    const a = resolveKey('Enter')!;
    a.key = 'X';
    const b = keyForChar('!')!;
    b.def.code = 'X';
    expect(resolveKey('Enter')?.key).toBe('Enter');
    expect(keyForChar('!')?.def.code).toBe('Digit1');
  });
});
