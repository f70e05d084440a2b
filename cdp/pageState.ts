// What the envelope reports about the page after an action, read in one evaluation: scroll metrics
// and the cursor shape under the virtual pointer. Reading does not run page code or move its clock.
import type { CdpSession } from './connection.ts';
import { evaluateInWorld } from './isolatedWorld.ts';

export interface ScrollMetrics { scrollX: number; scrollY: number; pageWidth: number; pageHeight: number; viewportWidth: number; viewportHeight: number }
export interface PageState { scroll: ScrollMetrics; cssCursor: string; overText: boolean; overLink: boolean }

// Runs in the page; must stay self-contained (it is serialized).
function readPageState(x: number, y: number): PageState {
  const d = document.documentElement;
  const scroll = {
    scrollX: window.scrollX, scrollY: window.scrollY,
    pageWidth: Math.max(d.scrollWidth, document.body?.scrollWidth ?? 0),
    pageHeight: Math.max(d.scrollHeight, document.body?.scrollHeight ?? 0),
    viewportWidth: window.innerWidth, viewportHeight: window.innerHeight,
  };
  let el: Element | null = document.elementFromPoint(x, y);
  // Descend into open shadow roots so the cursor comes from the element actually under the pointer.
  while (el?.shadowRoot) { const inner = el.shadowRoot.elementFromPoint(x, y); if (!inner || inner === el) break; el = inner; }
  const cssCursor = el ? getComputedStyle(el).cursor : 'auto';
  const overLink = !!el?.closest('a[href],button,[role=button],[role=link],summary,select,label[for],input[type=submit],input[type=button],input[type=checkbox],input[type=radio]');
  const textInput = !!el && (el.matches('input:not([type=checkbox]):not([type=radio]):not([type=submit]):not([type=button]):not([type=range]):not([type=color]):not([type=file]),textarea') || (el as HTMLElement).isContentEditable);
  return { scroll, cssCursor, overText: textInput || (!overLink && cssCursor === 'auto' && overSelectableText(el, x, y)), overLink };
}

// Runs in the page (called by readPageState). Chromium shows the I-beam for cursor:auto over the
// glyphs of selectable text, not over the empty rest of the box.
function overSelectableText(el: Element | null, x: number, y: number): boolean {
  if (!el || getComputedStyle(el).userSelect === 'none') return false;
  const node = document.caretRangeFromPoint?.(x, y)?.startContainer;
  if (!node || node.nodeType !== Node.TEXT_NODE || !node.textContent?.trim()) return false;
  const range = document.createRange();
  range.selectNodeContents(node);
  for (const r of range.getClientRects()) if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return true;
  return false;
}

const EXPRESSION = `(() => { ${overSelectableText.toString()}; return ${readPageState.toString()}; })()`;

export async function readState(session: CdpSession, frameId: string, cursor: { x: number; y: number }, capMs = 2_000): Promise<PageState | null> {
  try {
    // In abpd's isolated world: the page's own (possibly patched) elementFromPoint and
    // getComputedStyle are never called, so page scripts cannot observe the read.
    const value = await evaluateInWorld(session, frameId, `${EXPRESSION}(${Number(cursor.x)}, ${Number(cursor.y)})`, capMs);
    return (value as PageState | undefined) ?? null;
  } catch {
    return null; // a busy or navigating page: the envelope omits what it could not read
  }
}

/** ABP's cursor names: CSS `default`/`auto` → pointer, CSS `pointer` → hand, auto over text → text. */
export function cursorType(state: PageState | null): string {
  if (!state) return 'pointer';
  const css = state.cssCursor.split(',').pop()?.trim() ?? 'auto';
  if (css === 'pointer') return 'hand';
  if (css === 'auto') return state.overText ? 'text' : 'pointer';
  if (css === 'default') return 'pointer';
  return css;
}
