// The accessibility tree joined with the DOM snapshot (on backendNodeId, per renderer process) into
// element and context records, in document order with child frames inlined at their <iframe>.
// Candidates: interactive roles, focusable or contenteditable nodes, clickable nodes (a click
// listener, or cursor:pointer not inherited), scroll containers; context: containers and headings.
// Visible only: the AX tree already drops display:none, aria-hidden and inert subtrees; zero-size and
// visibility:hidden boxes are dropped here.
import type { Protocol } from 'devtools-protocol';
import type { CapturedElement } from './semanticTypes.ts';
import type { DocIndex, SessionSnapshot } from './semanticSnapshot.ts';

type AXNode = Protocol.Accessibility.AXNode;

const INTERACTIVE = new Set(['button', 'link', 'textbox', 'searchbox', 'combobox', 'listbox', 'option', 'checkbox', 'radio',
  'switch', 'slider', 'spinbutton', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'treeitem', 'menuitembutton']);
/** Containers that group lines (and headings, which open a section). */
const GROUPING = new Set(['form', 'dialog', 'alertdialog', 'row', 'listitem', 'main', 'navigation', 'banner', 'contentinfo',
  'complementary', 'search', 'region']);
/** Context records that only give structure (scope targets, region names), never a header line. */
const STRUCTURE = new Set(['table', 'grid', 'treegrid', 'list', 'tablist', 'menu', 'menubar', 'radiogroup', 'tree', 'toolbar']);
const NEVER = new Set(['RootWebArea', 'WebArea', 'Iframe', 'IframePresentational', 'StaticText', 'InlineTextBox', 'LineBreak']);
const BOOL_STATES = ['focused', 'disabled', 'expanded', 'required', 'selected', 'readonly', 'modal'] as const;
const LAYOUT_ROLES: Record<string, string> = { LayoutTable: 'table', LayoutTableRow: 'row', LayoutTableCell: 'cell' };
const MAX_NAME = 200;
const MAX_VALUE = 200;
const IDENTITY = ['name', 'type', 'data-testid', 'placeholder', 'href', 'id', 'title', 'alt'];

export interface AxFrame {
  frameId: string;
  snapshot: SessionSnapshot;
  nodes: Map<string, AXNode>;
  root: AXNode | undefined;
  /** Owner <iframe> backendNodeId (in this frame's process) → the child frame to inline there. */
  children: Map<number, AxFrame>;
}

const clean = (s: unknown, max: number): string => (typeof s === 'string' ? s.replace(/\s+/g, ' ').trim().slice(0, max) : '');

function propsOf(n: AXNode): Map<string, unknown> {
  return new Map((n.properties ?? []).map((p) => [p.name, p.value.value]));
}

interface Scope { key: string; heading?: string }

export class RecordBuilder {
  readonly records: CapturedElement[] = [];
  /** Record key → where the node lives (for occlusion and act). */
  readonly where = new Map<string, { frame: AxFrame; doc: DocIndex; node: number }>();

  constructor(readonly viewport: { width: number; height: number }) {}

  build(frame: AxFrame): void {
    if (frame.root) this.#visit(frame, frame.root, undefined, [], 0);
  }

  #visit(frame: AxFrame, n: AXNode, parentKey: string | undefined, scopes: Scope[], depth: number): void {
    if (depth > 512) return;
    const raw = String(n.role?.value ?? '');
    // Chromium names the parts of a table it judges "for layout" differently; to an agent a row is a row.
    const role = LAYOUT_ROLES[raw] ?? raw;
    const backend = n.backendDOMNodeId;
    let nextParent = parentKey;
    let pushed = false;
    if (!n.ignored && backend !== undefined && !NEVER.has(role)) {
      const rec = this.#record(frame, n, role, backend, parentKey, scopes);
      if (rec) {
        nextParent = rec.key;
        if (rec.kind === 'context' && GROUPING.has(role)) { scopes.push({ key: rec.key }); pushed = true; }
        if (role === 'heading' && scopes.length > 0) scopes[scopes.length - 1]!.heading = rec.key;
        else if (role === 'heading') { scopes.push({ key: '', heading: rec.key }); }
      }
    }
    const child = backend !== undefined ? frame.children.get(backend) : undefined;
    if (child?.root) this.#visit(child, child.root, nextParent, scopes, depth + 1);
    for (const id of n.childIds ?? []) {
      const c = frame.nodes.get(id);
      if (c) this.#visit(frame, c, nextParent, scopes, depth + 1);
    }
    if (pushed) scopes.pop();
  }

  #record(frame: AxFrame, n: AXNode, role: string, backend: number, parentKey: string | undefined, scopes: Scope[]): CapturedElement | undefined {
    const snap = frame.snapshot;
    const at = snap.byBackend.get(backend);
    if (!at) return undefined;
    const { doc, node } = at;
    const props = propsOf(n);
    const tag = snap.tag(doc, node);
    const all = snap.attrs(doc, node);
    const editableRoot = props.get('editable') === 'richtext' && tag !== 'input' && tag !== 'textarea' && !this.#parentEditable(frame, n);
    const scrollable = snap.scrollable(doc, node);
    const interactive = INTERACTIVE.has(role) || (props.get('focusable') === true && role !== 'generic') || editableRoot
      || snap.clickable(doc, node) || scrollable || (props.get('focusable') === true && all.tabindex !== undefined && all.tabindex !== '-1');
    const context = !interactive && (GROUPING.has(role) || STRUCTURE.has(role) || tag === 'form' || role === 'heading');
    if ((!interactive && !context) || role === 'LabelText') return undefined; // a label acts for its control
    if (role === 'heading' && !clean(n.name?.value, 1)) return undefined;
    const bounds = snap.box(doc, node);
    if (!bounds || snap.hidden(doc, node)) return undefined;
    const attrs: Record<string, string> = {};
    for (const k of IDENTITY) if (all[k]) attrs[k] = all[k]!.slice(0, 300);
    const states: string[] = [];
    for (const s of BOOL_STATES) if (props.get(s) === true) states.push(s);
    const checked = props.get('checked') ?? props.get('pressed');
    if (checked === 'true' || checked === true) states.push('checked');
    else if (checked === 'mixed') states.push('mixed');
    // Chromium leaves some states off the AX node (an input's `required` in a form): the DOM says them.
    if (!states.includes('required') && (all.required !== undefined || all['aria-required'] === 'true')) states.push('required');
    if (!states.includes('disabled') && (all.disabled !== undefined || all['aria-disabled'] === 'true') && interactive) states.push('disabled');
    const invalid = props.get('invalid');
    if (invalid !== undefined && invalid !== 'false' && invalid !== false) states.push('invalid');
    const password = tag === 'input' && all.type === 'password';
    const rawValue = n.value?.value;
    let name = clean(n.name?.value, MAX_NAME);
    // Rows, list items and dialogs are told apart by what they say; landmarks by role alone.
    if (!name && (role === 'row' || role === 'listitem' || role === 'dialog' || role === 'alertdialog')) name = this.#textOf(frame, n, 60);
    // A clickable <div> has no accessible name of its own (generic roles take none from content): its text is what a person reads.
    else if (!name && interactive && !INTERACTIVE.has(role) && !editableRoot) name = this.#textOf(frame, n, 60);
    const c = doc.clip;
    const vx0 = Math.max(bounds.x, c[0], 0), vy0 = Math.max(bounds.y, c[1], 0);
    const vx1 = Math.min(bounds.x + bounds.width, c[2], this.viewport.width), vy1 = Math.min(bounds.y + bounds.height, c[3], this.viewport.height);
    const inViewport = vx1 > vx0 && vy1 > vy0;
    const scope = scopes[scopes.length - 1];
    const containerKey = role === 'heading' ? scope?.key || undefined : scope?.heading ?? (scope?.key || undefined);
    const rec: CapturedElement = {
      key: `${frame.frameId}:${backend}`, frameId: frame.frameId, backendNodeId: backend, role: role || tag, name, tag,
      ...(!password && rawValue !== undefined && rawValue !== null && rawValue !== '' ? { value: clean(String(rawValue), MAX_VALUE) } : {}),
      ...(!password && rawValue === '' ? { value: '' } : {}),
      ...(password ? { password: true } : {}),
      states, attrs, bounds, ...(inViewport ? { visible: { x: vx0, y: vy0, width: vx1 - vx0, height: vy1 - vy0 } } : {}), inViewport, kind: interactive ? 'element' : 'context',
      ...(parentKey ? { parentKey } : {}), ...(containerKey ? { containerKey } : {}),
      order: this.records.length, ...(scrollable ? { scrollable: true } : {}), ...(editableRoot ? { editable: true } : {}),
    };
    this.records.push(rec);
    this.where.set(rec.key, { frame, doc, node });
    return rec;
  }

  #parentEditable(frame: AxFrame, n: AXNode): boolean {
    const p = n.parentId ? frame.nodes.get(n.parentId) : undefined;
    return !!p && propsOf(p).get('editable') === 'richtext';
  }

  /** A name for an unnamed container: the start of its visible text. */
  #textOf(frame: AxFrame, n: AXNode, max: number): string {
    let out = '';
    const stack = [...(n.childIds ?? [])].reverse();
    for (let guard = 0; stack.length > 0 && out.length < max && guard < 500; guard++) {
      const c = frame.nodes.get(stack.pop()!);
      if (!c) continue;
      if (c.role?.value === 'StaticText' && !c.ignored) { out += ` ${clean(c.name?.value, max)}`; continue; }
      stack.push(...[...(c.childIds ?? [])].reverse());
    }
    return clean(out, max);
  }
}
