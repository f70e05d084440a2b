// Key names -> DOM key/code/keyCode/text, for keyboard/* (REST), batch keyboard_press and MCP, and
// per-character key events for `type`. Pure data + lookups; dispatching lives elsewhere.
// Source: abp-reference.md Appendix A, §5.5, §5.12; rest.md §4.5. US keyboard layout throughout.

export interface KeyDefinition {
  /** DOM `KeyboardEvent.key`. */
  key: string;
  /** DOM `KeyboardEvent.code` ('' when the character has no US-layout key). */
  code: string;
  /** Windows virtual key code (0 when unknown). */
  keyCode: number;
  /** Text the key inserts (Char event), if any. */
  text?: string;
  /** DOM location: 1 = left, 2 = right (modifiers only). */
  location?: number;
  /** Present (true) when producing `text` on a US keyboard needs Shift ('A', '!', '?').
   *  Lookups never add the modifier themselves; the caller decides. */
  shift?: boolean;
}

export type ModifierName = 'Alt' | 'Control' | 'Meta' | 'Shift';

/** CDP `Input.dispatch*Event` modifier bits. */
export const MODIFIER_BITS: Readonly<Record<ModifierName, number>> = Object.freeze({
  Alt: 1,
  Control: 2,
  Meta: 4,
  Shift: 8,
});

// ---------------------------------------------------------------------------------------------
// Tables

/** [names (first = DOM name; the rest are aliases), key, code, keyCode, text?, location?] */
type Row = readonly [names: readonly string[], key: string, code: string, keyCode: number, text?: string, location?: number];

const NAMED_ROWS: readonly Row[] = [
  // Modifiers. The side-less name means the left key (Appendix A).
  [['Alt', 'AltLeft', 'OPT', 'OPTION', '⌥'], 'Alt', 'AltLeft', 18, undefined, 1],
  [['AltRight'], 'Alt', 'AltRight', 18, undefined, 2],
  [['Control', 'ControlLeft', 'CTRL', '⌃'], 'Control', 'ControlLeft', 17, undefined, 1],
  [['ControlRight'], 'Control', 'ControlRight', 17, undefined, 2],
  [['Meta', 'MetaLeft', 'CMD', 'COMMAND', '⌘'], 'Meta', 'MetaLeft', 91, undefined, 1],
  [['MetaRight'], 'Meta', 'MetaRight', 92, undefined, 2],
  [['Shift', 'ShiftLeft', '⇧'], 'Shift', 'ShiftLeft', 16, undefined, 1],
  [['ShiftRight'], 'Shift', 'ShiftRight', 16, undefined, 2],
  // Editing and navigation.
  [['Enter', 'RETURN', 'CR'], 'Enter', 'Enter', 13, '\r'],
  [['Tab'], 'Tab', 'Tab', 9, '\t'],
  [['Escape', 'ESC'], 'Escape', 'Escape', 27],
  [['Backspace', 'BS'], 'Backspace', 'Backspace', 8],
  [['Delete', 'DEL'], 'Delete', 'Delete', 46],
  [['Insert', 'INS'], 'Insert', 'Insert', 45],
  [['Home'], 'Home', 'Home', 36],
  [['End'], 'End', 'End', 35],
  [['PageUp', 'PGUP'], 'PageUp', 'PageUp', 33],
  [['PageDown', 'PGDN', 'PGDOWN'], 'PageDown', 'PageDown', 34],
  [['Space', ' ', 'Spacebar'], ' ', 'Space', 32, ' '],
  [['ArrowUp', 'UP'], 'ArrowUp', 'ArrowUp', 38],
  [['ArrowDown', 'DOWN'], 'ArrowDown', 'ArrowDown', 40],
  [['ArrowLeft', 'LEFT'], 'ArrowLeft', 'ArrowLeft', 37],
  [['ArrowRight', 'RIGHT'], 'ArrowRight', 'ArrowRight', 39],
];

/** US punctuation keys: [code, unshifted char, shifted char, keyCode]. The code is also the key's name. */
const PUNCTUATION: readonly (readonly [code: string, base: string, shifted: string, keyCode: number])[] = [
  ['Backquote', '`', '~', 192],
  ['Minus', '-', '_', 189],
  ['Equal', '=', '+', 187],
  ['BracketLeft', '[', '{', 219],
  ['BracketRight', ']', '}', 221],
  ['Backslash', '\\', '|', 220],
  ['Semicolon', ';', ':', 186],
  ['Quote', "'", '"', 222],
  ['Comma', ',', '<', 188],
  ['Period', '.', '>', 190],
  ['Slash', '/', '?', 191],
];

/** Shift+Digit0 … Shift+Digit9. */
const SHIFTED_DIGITS = ')!@#$%^&*(';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Only ASCII letters are folded, so odd Unicode case mappings (e.g. KELVIN SIGN → 'k') never match a name. */
function foldCase(name: string): string {
  return name.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function def(key: string, code: string, keyCode: number, text?: string, location?: number, shift?: boolean): KeyDefinition {
  const d: KeyDefinition = { key, code, keyCode };
  if (text !== undefined) d.text = text;
  if (location !== undefined) d.location = location;
  if (shift) d.shift = true;
  return d;
}

/** A letter key with `key`/`text` in the case given; upper case is flagged as needing Shift. */
function letter(ch: string): KeyDefinition {
  const upper = ch.toUpperCase();
  return def(ch, `Key${upper}`, upper.charCodeAt(0), ch, undefined, ch !== ch.toLowerCase());
}

/** Case-folded name -> definition (everything except single letters, whose case matters). */
const NAMED = new Map<string, KeyDefinition>();
/** Character -> how a US keyboard produces it. */
const CHARS = new Map<string, { def: KeyDefinition; shift: boolean }>();
/** Key code -> what that key types with Shift held ('KeyA' -> 'A', 'Digit1' -> '!'). */
const SHIFTED_BY_CODE = new Map<string, KeyDefinition>();

function addNamed(names: readonly string[], d: KeyDefinition): void {
  for (const n of names) NAMED.set(foldCase(n), d);
}

function addChar(ch: string, d: KeyDefinition): void {
  CHARS.set(ch, { def: d, shift: d.shift === true });
  if (d.shift && d.code) SHIFTED_BY_CODE.set(d.code, d);
}

for (const [names, key, code, keyCode, text, location] of NAMED_ROWS) addNamed(names, def(key, code, keyCode, text, location));
for (let i = 1; i <= 12; i++) addNamed([`F${i}`], def(`F${i}`, `F${i}`, 111 + i));
for (let i = 0; i <= 9; i++) {
  const digit = String(i);
  const base = def(digit, `Digit${digit}`, 48 + i, digit);
  addNamed([digit, `Digit${digit}`], base);
  addChar(digit, base);
  const shifted = SHIFTED_DIGITS.charAt(i);
  addChar(shifted, def(shifted, base.code, base.keyCode, shifted, undefined, true));
}
for (const [code, baseCh, shiftedCh, keyCode] of PUNCTUATION) {
  const base = def(baseCh, code, keyCode, baseCh);
  addNamed([code], base);
  addChar(baseCh, base);
  addChar(shiftedCh, def(shiftedCh, code, keyCode, shiftedCh, undefined, true));
}
for (const ch of LETTERS) {
  addNamed([`Key${ch.toUpperCase()}`], letter(ch)); // DOM code names as a convenience: KeyA -> 'a'
  addChar(ch, letter(ch));
  addChar(ch.toUpperCase(), letter(ch.toUpperCase()));
}
for (const [ch, name] of [[' ', 'Space'], ['\r', 'Enter'], ['\n', 'Enter'], ['\t', 'Tab']] as const) {
  const d = NAMED.get(foldCase(name));
  if (d) addChar(ch, d);
}

/** One printable code point: letters, numbers, punctuation, symbols, space separators. */
const PRINTABLE = /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}]$/u;

// ---------------------------------------------------------------------------------------------
// Lookups. Every result is a fresh object, so callers may modify it.

/**
 * Resolves a key name: DOM names case-insensitively (Enter, PageDown, F5, Comma, ShiftRight …),
 * the batch/MCP aliases (ESC, CTRL, CMD, OPT, ⌘, PGDN, UP …), single letters in the case given,
 * and any single printable character (US-layout key where there is one, else code '' / keyCode 0).
 * Unknown names give undefined.
 */
export function resolveKey(name: string): KeyDefinition | undefined {
  if (/^[A-Za-z]$/.test(name)) return letter(name);
  const named = NAMED.get(foldCase(name));
  if (named) return { ...named };
  const ch = name.normalize('NFC');
  const typed = keyForChar(ch);
  if (typed) return typed.def;
  return PRINTABLE.test(ch) ? def(ch, '', 0, ch) : undefined;
}

/** Canonical modifier for a name or alias (case-insensitive; Left/Right variants included). */
export function resolveModifier(name: string): ModifierName | undefined {
  const d = NAMED.get(foldCase(name));
  return d && isModifierKey(d) ? (d.key as ModifierName) : undefined;
}

/** CDP modifier bitmask for modifier names; names that are not modifiers are ignored. */
export function modifiersMask(names: readonly string[]): number {
  let mask = 0;
  for (const n of names) {
    const m = resolveModifier(n);
    if (m) mask |= MODIFIER_BITS[m];
  }
  return mask;
}

/** What a text key types with Shift held on a US keyboard ('a' -> 'A', '1' -> '!'); undefined if Shift changes nothing. */
export function shiftedKey(d: KeyDefinition): KeyDefinition | undefined {
  if (d.shift || d.text === undefined) return undefined;
  const shifted = SHIFTED_BY_CODE.get(d.code);
  return shifted && { ...shifted };
}

export function isModifierKey(d: KeyDefinition): boolean {
  return Object.hasOwn(MODIFIER_BITS, d.key);
}

/**
 * How one character is typed on a US keyboard (printable ASCII, plus '\n'/'\r' → Enter and
 * '\t' → Tab), or undefined when it needs insertText (non-ASCII, control characters, not exactly one char).
 */
export function keyForChar(ch: string): { def: KeyDefinition; shift: boolean } | undefined {
  const hit = CHARS.get(ch);
  return hit && { def: { ...hit.def }, shift: hit.shift };
}
