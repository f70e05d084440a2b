// The in-page half of set-of-marks. It runs in an isolated world of a local root (the top document
// or an out-of-process iframe's document) and must stay self-contained: it is serialized with
// Function.prototype.toString, so it may use only its parameters and browser globals. It reads the
// DOM and layout and writes nothing (no attributes, no nodes, no globals), so the page cannot tell.
import type { Clip, ElementKind, FrameGeometry, PageRequest, Point, ScannedElement } from './elementTypes.ts';

export function pageMarkup(req: PageRequest, self: Element | null): ScannedElement[] | FrameGeometry | boolean[] {
  const TEXT_INPUTS = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'datetime-local', 'month', 'week', 'time']);
  const CLICKABLE = 'a[href],area[href],button,select,summary,label[for],[onclick],[role=button],[role=link],[role=tab],' +
    '[role=menuitem],[role=checkbox],[role=radio],[role=switch],[role=option]';
  const CANDIDATES = `${CLICKABLE},input,textarea,[contenteditable],[tabindex]`;
  // Centre first (the natural click point), then points spread over the box for partly covered elements.
  const SAMPLES: Point[] = [[0.5, 0.5], [0.25, 0.25], [0.75, 0.25], [0.25, 0.75], [0.75, 0.75], [0.5, 0.15], [0.5, 0.85], [0.15, 0.5], [0.85, 0.5]];
  const MAX_TEXT = 80;

  const styleOf = (el: Element): CSSStyleDeclaration => (el.ownerDocument.defaultView ?? window).getComputedStyle(el);
  const frameDoc = (el: Element): Document | null => {
    if (el.localName !== 'iframe' && el.localName !== 'frame') return null;
    try { return (el as HTMLIFrameElement).contentDocument; } catch { return null; } // cross-origin: the CDP side handles it
  };
  /** The frame's viewport (its content box) in its owner document's viewport. */
  const frameViewport = (frame: Element): Clip => {
    const r = frame.getBoundingClientRect();
    const cs = styleOf(frame);
    const x = r.left + frame.clientLeft + (parseFloat(cs.paddingLeft) || 0);
    const y = r.top + frame.clientTop + (parseFloat(cs.paddingTop) || 0);
    const w = frame.clientWidth - (parseFloat(cs.paddingLeft) || 0) - (parseFloat(cs.paddingRight) || 0);
    const h = frame.clientHeight - (parseFloat(cs.paddingTop) || 0) - (parseFloat(cs.paddingBottom) || 0);
    return [x, y, x + w, y + h];
  };
  const intersect = (a: Clip, b: Clip): Clip => [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  const shift = (c: Clip, dx: number, dy: number): Clip => [c[0] + dx, c[1] + dy, c[2] + dx, c[3] + dy];

  /** The deepest element under (x, y) of `doc`'s viewport, through open shadow roots and same-origin iframes. */
  const deepHit = (doc: Document, x: number, y: number): Element | null => {
    let ox = 0;
    let oy = 0;
    let hit = doc.elementFromPoint(x, y);
    for (let depth = 0; hit && depth < 64; depth++) {
      const inShadow = hit.shadowRoot?.elementFromPoint(x - ox, y - oy);
      if (inShadow && inShadow !== hit) { hit = inShadow; continue; }
      const inner = frameDoc(hit);
      if (!inner) break;
      const vp = frameViewport(hit);
      ox += vp[0];
      oy += vp[1];
      const inFrame = inner.elementFromPoint(x - ox, y - oy);
      if (!inFrame) break;
      hit = inFrame;
    }
    return hit;
  };
  /** Flat-tree ancestry: slots, shadow hosts and frame owners count as parents. */
  const isWithin = (node: Node | null, el: Element): boolean => {
    for (let n = node, depth = 0; n && depth < 4096; depth++) {
      if (n === el) return true;
      const slot = (n as Element).assignedSlot;
      const parent: Node | null = slot ?? n.parentNode;
      if (!parent) return false;
      if (parent.nodeType === Node.DOCUMENT_FRAGMENT_NODE) n = (parent as ShadowRoot).host ?? null;
      else if (parent.nodeType === Node.DOCUMENT_NODE) n = (parent as Document).defaultView?.frameElement ?? null;
      else n = parent;
    }
    return false;
  };
  const localRootDoc = (el: Element): Document => {
    let win = el.ownerDocument.defaultView;
    while (win?.frameElement) win = win.frameElement.ownerDocument.defaultView;
    return win?.document ?? el.ownerDocument;
  };

  if (req.op === 'geometry') {
    // `self` is an iframe element whose document lives in another process: where its viewport
    // starts and which part of it is visible, in this local root's viewport.
    const own = frameViewport(self!);
    let clip = intersect(own, [0, 0, self!.ownerDocument.defaultView!.innerWidth, self!.ownerDocument.defaultView!.innerHeight]);
    let x = own[0];
    let y = own[1];
    for (let win = self!.ownerDocument.defaultView; win?.frameElement; win = win.frameElement.ownerDocument.defaultView) {
      const outer = frameViewport(win.frameElement);
      x += outer[0];
      y += outer[1];
      const parentWin = win.frameElement.ownerDocument.defaultView!;
      clip = intersect(intersect(shift(clip, outer[0], outer[1]), outer), [0, 0, parentWin.innerWidth, parentWin.innerHeight]);
    }
    return { x, y, clip };
  }
  if (req.op === 'hits') {
    const doc = localRootDoc(self!);
    return req.points.map(([x, y]) => deepHit(doc, x, y) === self);
  }

  const clean = (s: string | null | undefined): string | undefined => {
    if (!s) return undefined;
    let t = s.replace(/\s+/g, ' ').trim();
    if (t.length > MAX_TEXT) {
      t = t.slice(0, MAX_TEXT);
      const last = t.charCodeAt(MAX_TEXT - 1);
      if (last >= 0xd800 && last <= 0xdbff) t = t.slice(0, -1); // do not split a surrogate pair
    }
    return t || undefined;
  };
  /** Visible-ish text without reading a whole subtree: stops after a few hundred characters. */
  const textOf = (root: Node): string => {
    const walker = (root.ownerDocument ?? document).createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let out = '';
    for (let n = walker.nextNode(); n && out.length < 4 * MAX_TEXT; n = walker.nextNode()) {
      const parent = n.parentElement?.localName;
      if (parent !== 'script' && parent !== 'style' && parent !== 'noscript' && parent !== 'template') out += n.nodeValue + ' ';
    }
    return out;
  };
  const labelOf = (el: Element): string | undefined => {
    const aria = clean(el.getAttribute('aria-label'));
    if (aria) return aria;
    const tag = el.localName;
    if (tag === 'input') {
      const input = el as HTMLInputElement;
      if (input.type === 'password') return undefined;
      if (input.type === 'image') return clean(input.alt);
      if (input.type === 'checkbox' || input.type === 'radio' || input.type === 'file') return clean(input.labels?.[0]?.textContent);
      return clean(input.value);
    }
    if (tag === 'textarea') return clean((el as HTMLTextAreaElement).value);
    if (tag === 'select') return clean((el as HTMLSelectElement).selectedOptions[0]?.text);
    return clean(textOf(el)) ?? (el.shadowRoot ? clean(textOf(el.shadowRoot)) : undefined) ?? clean(el.getAttribute('title'))
      ?? clean(el.querySelector('img[alt]')?.getAttribute('alt'));
  };
  const isDisabled = (el: Element): boolean => el.matches(':disabled') || el.getAttribute('aria-disabled') === 'true' || el.closest('[inert]') !== null;
  /** typeable or clickable by the rules of rest.md §2.2; an element that is both is typeable. */
  const baseKind = (el: Element): ElementKind | null => {
    if (isDisabled(el)) return null;
    const tag = el.localName;
    if (tag === 'textarea') return (el as HTMLTextAreaElement).readOnly ? 'clickable' : 'typeable';
    if (tag === 'input') {
      const input = el as HTMLInputElement;
      if (input.type === 'hidden') return null;
      return TEXT_INPUTS.has(input.type) && !input.readOnly ? 'typeable' : 'clickable';
    }
    const html = el as HTMLElement;
    if (el.hasAttribute('contenteditable') && html.isContentEditable && !(el.parentElement as HTMLElement | null)?.isContentEditable) return 'typeable';
    if (el.matches(CLICKABLE)) return 'clickable';
    const tabindex = el.getAttribute('tabindex');
    return tabindex !== null && parseInt(tabindex, 10) >= 0 ? 'clickable' : null;
  };
  const isScrollable = (el: Element): boolean => {
    if (el.localName === 'html' || el.localName === 'body') return false;
    const tall = el.scrollHeight > el.clientHeight;
    const wide = el.scrollWidth > el.clientWidth;
    if (!tall && !wide) return false;
    const cs = styleOf(el);
    const scrolls = (v: string): boolean => v === 'auto' || v === 'scroll' || v === 'overlay';
    return (tall && scrolls(cs.overflowY)) || (wide && scrolls(cs.overflowX));
  };
  const deepActive = (): Element | null => {
    if (!req.top && !document.hasFocus()) return null; // this frame does not hold the page's focus
    let a = document.activeElement;
    for (let depth = 0; a && depth < 64; depth++) {
      const inner = a.shadowRoot?.activeElement ?? frameDoc(a)?.activeElement ?? null;
      if (!inner || inner === a) break;
      a = inner;
    }
    // An <iframe> is only the focus path; a cross-origin frame's own scan reports its focused element.
    return a && !['body', 'html', 'iframe', 'frame'].includes(a.localName) ? a : null;
  };

  // Walk the local root: the document, its open shadow roots and its same-origin iframes.
  const kinds = new Set(req.kinds);
  interface Scope { ox: number; oy: number; clip: Clip; frame?: string }
  const scopes = new Map<Node, Scope>();
  const chosen = new Map<Element, { kind: ElementKind; scope: Scope }>();
  const pending: Array<[Document | ShadowRoot, Scope]> = [[document, { ox: 0, oy: 0, clip: [0, 0, innerWidth, innerHeight], frame: req.top ? undefined : location.href }]];
  while (pending.length > 0) {
    const [root, scope] = pending.pop()!;
    scopes.set(root, scope);
    if (kinds.has('clickable') || kinds.has('typeable')) {
      for (const el of root.querySelectorAll(CANDIDATES)) {
        const kind = baseKind(el);
        if (kind && kinds.has(kind)) chosen.set(el, { kind, scope });
      }
    }
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) pending.push([el.shadowRoot, scope]);
      const inner = frameDoc(el);
      if (inner) {
        const vp = shift(frameViewport(el), scope.ox, scope.oy);
        pending.push([inner, { ox: vp[0], oy: vp[1], clip: intersect(vp, scope.clip), frame: inner.URL }]);
      }
      if (kinds.has('scrollable') && !chosen.has(el) && isScrollable(el)) chosen.set(el, { kind: 'scrollable', scope });
    }
  }
  const focused = kinds.has('selected') ? deepActive() : null;
  const focusScope = focused && scopes.get(focused.getRootNode());
  if (focused && focusScope) chosen.set(focused, { kind: 'selected', scope: focusScope });

  const out: ScannedElement[] = [];
  for (const [el, { kind, scope }] of chosen) {
    const r = el.getBoundingClientRect();
    const box = intersect([r.left + scope.ox, r.top + scope.oy, r.right + scope.ox, r.bottom + scope.oy], scope.clip);
    if (box[2] - box[0] < 1 || box[3] - box[1] < 1) continue;
    const points: Point[] = [];
    const tried = new Set<number>();
    for (const [fx, fy] of SAMPLES) {
      // Whole pixels inside the box: a client that rounds the point still hits the element.
      const x = Math.min(Math.max(Math.round(box[0] + fx * (box[2] - box[0])), Math.ceil(box[0])), Math.ceil(box[2]) - 1);
      const y = Math.min(Math.max(Math.round(box[1] + fy * (box[3] - box[1])), Math.ceil(box[1])), Math.ceil(box[3]) - 1);
      if (tried.has(x * 100_000 + y)) continue;
      tried.add(x * 100_000 + y);
      if (isWithin(deepHit(document, x, y), el)) { points.push([x, y]); if (points.length >= req.maxPoints) break; }
    }
    if (points.length === 0) continue; // fully covered (or not hit-testable: visibility, pointer-events)
    const tag = el.localName;
    const item: ScannedElement = { kind, box, points, tag };
    const role = el.getAttribute('role');
    if (role) item.role = role;
    const text = labelOf(el);
    if (text) item.text = text;
    const href = (el as HTMLAnchorElement).href;
    if ((tag === 'a' || tag === 'area') && typeof href === 'string' && href) item.href = href.slice(0, 2048);
    if (tag === 'input') item.inputType = (el as HTMLInputElement).type;
    const placeholder = clean(el.getAttribute('placeholder'));
    if (placeholder) item.placeholder = placeholder;
    if (scope.frame) item.frame = scope.frame;
    out.push(item);
  }
  return out;
}

// tsx/esbuild compile with keepNames, which wraps inner functions in `__name(fn, "name")`; the page
// has no such helper, so the serialized function gets a no-op one in its enclosing scope.
const SCRIPT = `(() => { const __name = (f) => f; return (${pageMarkup.toString()}); })()`;

/** An expression for Runtime.evaluate that runs `req` against the context's own document. */
export function pageExpression(req: PageRequest): string { return `${SCRIPT}(${JSON.stringify(req)}, null)`; }

/** A function declaration for Runtime.callFunctionOn: runs its argument request with `this` as the element. */
export const PAGE_FUNCTION = `function (req) { return ${SCRIPT}(req, this); }`;
