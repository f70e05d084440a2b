// Real input through Input.dispatch*: the page sees trusted events, hover, :active and its own
// hit-testing as with a person. Calls are pipelined (measured: awaiting each mouseMoved costs a
// frame) and every wait for their replies is bounded: a dialog opened by the input blocks the reply.
import type { CdpSession } from './connection.ts';
import { mainThreadAnswers } from './watchdog.ts';
import { isModifierKey, keyForChar, MODIFIER_BITS, resolveModifier, shiftedKey, type KeyDefinition, type ModifierName } from './keys.ts';

export type MouseButton = 'left' | 'right' | 'middle';
const BUTTON_BITS: Record<MouseButton, number> = { left: 1, right: 2, middle: 4 };
const INPUT_REPLY_CAP_MS = 5_000;
/** A reply this late is probed: parked for a frame (a paused page makes none) or just slow. Not
 *  shorter for clicks: a click's mouseMoved usually answers within it, and a woken frame can move an
 *  idle page's clock (README "Determinism"; the 20-run determinism test failed at 10 ms). */
const SLOW_REPLY_MS = 30;
/**
 * Key events are not rAF-aligned: their replies never wait for a frame, so a slow one (a loaded
 * machine) is just waited for. Probing it could mistake load for a parked event and wake frames,
 * which can move the page's clock (the determinism test saw a press move it by 677 s under load).
 */
const KEYS = null;
/** A wheel always waits for a frame on a paused page: ask for one almost at once (measured: a
 *  scroll step's input 54 → 47 ms median with 3 ms instead of 10, bench `scroll`). */
const WHEEL_SLOW_REPLY_MS = 3;

export class InputController {
  /** Modifiers held with keyboard/down; they apply to every later key and mouse event. */
  readonly held = new Set<ModifierName>();
  mouse = { x: 0, y: 0 };

  /**
   * Called when an input reply is slow. mouseMoved and wheel replies wait for a compositor frame,
   * and a page whose virtual time is paused produces none (measured): the owner grants one.
   */
  needsFrame: ((stillWaiting: () => boolean) => Promise<void>) | null = null;

  constructor(readonly session: CdpSession, readonly blocked: () => boolean) {}

  modifiers(extra: readonly string[] = []): number {
    let mask = 0;
    for (const m of this.held) mask |= MODIFIER_BITS[m];
    for (const name of extra) { const m = resolveModifier(name); if (m) mask |= MODIFIER_BITS[m]; }
    return mask;
  }

  async move(x: number, y: number): Promise<void> {
    this.mouse = { x, y };
    await this.#settleReplies([this.session.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y, modifiers: this.modifiers() })]);
  }

  async click(x: number, y: number, options: { button?: MouseButton; clickCount?: number; modifiers?: readonly string[] } = {}): Promise<void> {
    const button = options.button ?? 'left';
    const clickCount = options.clickCount ?? 1;
    const modifiers = this.modifiers(options.modifiers);
    this.mouse = { x, y };
    const s = this.session;
    await this.#settleReplies([
      s.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y, modifiers }),
      s.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button, clickCount, modifiers, buttons: BUTTON_BITS[button] }),
      s.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button, clickCount, modifiers, buttons: 0 }),
    ]);
  }

  async wheel(x: number, y: number, deltaX: number, deltaY: number): Promise<void> {
    this.mouse = { x, y };
    const s = this.session;
    await this.#settleReplies([
      s.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y, modifiers: this.modifiers() }),
      s.send('Input.dispatchMouseEvent', { type: 'mouseWheel', x, y, deltaX, deltaY, modifiers: this.modifiers() }),
    ], WHEEL_SLOW_REPLY_MS);
  }

  async drag(from: { x: number; y: number }, to: { x: number; y: number }, steps: number): Promise<void> {
    const s = this.session;
    const modifiers = this.modifiers();
    await this.#settleReplies([
      s.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: from.x, y: from.y, modifiers }),
      s.send('Input.dispatchMouseEvent', { type: 'mousePressed', x: from.x, y: from.y, button: 'left', clickCount: 1, buttons: 1, modifiers }),
    ]);
    for (let i = 1; i <= steps; i += 1) {
      const x = from.x + ((to.x - from.x) * i) / steps;
      const y = from.y + ((to.y - from.y) * i) / steps;
      this.mouse = { x, y };
      // Awaited one by one so each move is its own event (pages that track a drag path see it).
      await this.#settleReplies([s.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y, button: 'left', buttons: 1, modifiers })]);
      if (this.blocked()) return;
    }
    await this.#settleReplies([s.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x: to.x, y: to.y, button: 'left', clickCount: 1, buttons: 0, modifiers })]);
  }

  keyDown(def: KeyDefinition, extraModifiers: readonly string[] = [], withShift = false): Promise<unknown> {
    let modifiers = this.modifiers(extraModifiers);
    if (withShift) modifiers |= MODIFIER_BITS.Shift;
    def = shifted(def, modifiers);
    // A key that produces text while Control/Alt/Meta is held is a shortcut, not typing.
    const producesText = def.text !== undefined && (modifiers & (MODIFIER_BITS.Control | MODIFIER_BITS.Alt | MODIFIER_BITS.Meta)) === 0;
    return this.session.send('Input.dispatchKeyEvent', {
      type: producesText ? 'keyDown' : 'rawKeyDown', key: def.key, code: def.code,
      windowsVirtualKeyCode: def.keyCode, nativeVirtualKeyCode: def.keyCode, modifiers,
      text: producesText ? def.text : undefined, unmodifiedText: producesText ? def.text : undefined,
      location: def.location, commands: editingCommands(def, modifiers),
    });
  }

  keyUp(def: KeyDefinition, extraModifiers: readonly string[] = [], withShift = false): Promise<unknown> {
    let modifiers = this.modifiers(extraModifiers);
    if (withShift) modifiers |= MODIFIER_BITS.Shift;
    def = shifted(def, modifiers);
    return this.session.send('Input.dispatchKeyEvent', {
      type: 'keyUp', key: def.key, code: def.code, windowsVirtualKeyCode: def.keyCode,
      nativeVirtualKeyCode: def.keyCode, modifiers, location: def.location,
    });
  }

  /**
   * keyboard/down: a key event whose reply is waited for as boundedly as every other input. A
   * modifier key is held from its own keydown (a real Shift keydown reports shiftKey: true) and
   * applies to later keys and clicks until its keyup (which reports it released).
   */
  async down(def: KeyDefinition): Promise<void> {
    const modifier = modifierOf(def);
    if (modifier) this.held.add(modifier);
    def = this.#asTyped(def);
    await this.#settleReplies([this.keyDown(def, [], def.shift === true)], KEYS);
  }

  async up(def: KeyDefinition): Promise<void> {
    const modifier = modifierOf(def);
    if (modifier) this.held.delete(modifier);
    def = this.#asTyped(def);
    await this.#settleReplies([this.keyUp(def, [], def.shift === true)], KEYS);
  }

  /** A key pressed while Shift is down (held, or in this press's modifiers) types its shifted character. */
  #asTyped(def: KeyDefinition, extraModifiers: readonly string[] = []): KeyDefinition {
    return (this.modifiers(extraModifiers) & MODIFIER_BITS.Shift) !== 0 ? shiftedKey(def) ?? def : def;
  }

  async press(def: KeyDefinition, modifiers: readonly string[] = []): Promise<void> {
    def = this.#asTyped(def, modifiers);
    const downs: Promise<unknown>[] = [];
    const mods = modifiers.map((m) => resolveModifier(m)).filter((m): m is ModifierName => m !== undefined);
    // Modifier keydowns first (listeners see Control before 'a'), then the key, then ups in reverse.
    for (const m of mods) downs.push(this.keyDown(modifierDef(m), [], false));
    downs.push(this.keyDown(def, modifiers, def.shift === true));
    downs.push(this.keyUp(def, modifiers, def.shift === true));
    for (const m of [...mods].reverse()) downs.push(this.keyUp(modifierDef(m), [], false));
    await this.#settleReplies(downs, KEYS);
  }

  /** Types any Unicode: key events for what a US keyboard has, insertText for the rest. */
  async type(text: string): Promise<void> {
    const calls: Promise<unknown>[] = [];
    let pendingInsert = '';
    const flushInsert = (): void => {
      if (pendingInsert) calls.push(this.session.send('Input.insertText', { text: pendingInsert }));
      pendingInsert = '';
    };
    for (const ch of text) {
      const k = keyForChar(ch);
      if (!k) { pendingInsert += ch; continue; }
      flushInsert();
      // With Shift held (keyboard/down), a key types its shifted sign, as keyboard/press does.
      const def = this.#asTyped(k.def);
      calls.push(this.keyDown(def, [], k.shift || def.shift === true), this.keyUp(def, [], k.shift || def.shift === true));
      // Keep the pipe from growing without bound on long texts; a dialog stops typing.
      if (calls.length >= 64) { await this.#settleReplies(calls.splice(0), KEYS); if (this.blocked()) return; }
    }
    flushInsert();
    await this.#settleReplies(calls, KEYS);
  }

  /** Waits for input replies, but never past a dialog (it blocks them) or the cap. */
  async #settleReplies(calls: Promise<unknown>[], slowReplyMs: number | null = SLOW_REPLY_MS): Promise<void> {
    const all = Promise.all(calls);
    let settled = false;
    all.then(() => { settled = true; }, () => { settled = true; });
    const deadline = performance.now() + INPUT_REPLY_CAP_MS;
    let nextFrameAt = slowReplyMs === null ? Infinity : performance.now() + slowReplyMs;
    // Not a plain await: a dialog opened by the input blocks its reply (stop waiting), and a reply
    // that waits for a frame on a paused page gets one (needsFrame) instead of the cap.
    while (!settled && performance.now() < deadline && !this.blocked()) {
      // Woken by the replies themselves (no poll latency on the common path), else every 5 ms.
      await raceTimer(all, Math.max(1, Math.min(5, nextFrameAt - performance.now())));
      if (!settled && this.needsFrame && performance.now() >= nextFrameAt) {
        // Only a reply that waits for a frame gets one: if the renderer answers a probe while the
        // input is still unanswered, the input is parked for the next frame (rAF-aligned input);
        // a reply that is merely slow (a busy machine) must not move the page's clock.
        await mainThreadAnswers(this.session, 1_000);
        if (settled || this.blocked()) break;
        // A dialog opened meanwhile blocks the clock's own CDP calls until their timeout: stop waiting
        // for them as soon as the dialog is seen (they finish on their own once it is closed).
        const frame = this.needsFrame(() => !settled && !this.blocked()).catch(() => undefined);
        let frameDone = false;
        void frame.then(() => { frameDone = true; });
        while (!frameDone && !this.blocked() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
        nextFrameAt = performance.now() + (slowReplyMs ?? Infinity);
      }
    }
  }
}

/** Resolves when `p` settles or after `ms`, whichever is first; never rejects. */
function raceTimer(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const tick = new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); });
  return Promise.race([p.then(() => undefined, () => undefined), tick]).finally(() => clearTimeout(timer));
}

function modifierOf(def: KeyDefinition): ModifierName | undefined {
  return isModifierKey(def) ? resolveModifier(def.key) : undefined;
}

/** With Shift held (keyboard/down Shift, or a Shift modifier), a letter key produces its capital. */
function shifted(def: KeyDefinition, modifiers: number): KeyDefinition {
  if ((modifiers & MODIFIER_BITS.Shift) === 0 || !/^[a-z]$/.test(def.key)) return def;
  const upper = def.key.toUpperCase();
  return { ...def, key: upper, text: def.text === undefined ? undefined : upper };
}

function modifierDef(m: ModifierName): KeyDefinition {
  const codes: Record<ModifierName, [string, number]> = { Alt: ['AltLeft', 18], Control: ['ControlLeft', 17], Meta: ['MetaLeft', 91], Shift: ['ShiftLeft', 16] };
  const [code, keyCode] = codes[m];
  return { key: m, code, keyCode, location: 1 };
}

// Headless has no OS shortcut handling: editing shortcuts are sent as editor commands.
function editingCommands(def: KeyDefinition, modifiers: number): string[] | undefined {
  const ctrlOrMeta = (modifiers & (MODIFIER_BITS.Control | MODIFIER_BITS.Meta)) !== 0;
  if (!ctrlOrMeta) return undefined;
  const map: Record<string, string> = { KeyA: 'selectAll', KeyC: 'copy', KeyX: 'cut', KeyV: 'paste', KeyZ: 'undo', KeyY: 'redo' };
  const command = map[def.code];
  return command ? [command] : undefined;
}
