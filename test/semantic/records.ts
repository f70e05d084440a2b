// Builders for element records as cdp/semanticCapture.ts produces them, for the browser-free unit
// tests of semantic/ (the shapes match a recorded capture; see recorded.json).
import type { Capture, ElementRecord } from '../../semantic/types.ts';

export const MAIN = 'MAINFRAME';
let nextNode = 1000;

export interface Spec { role: string; name?: string; tag?: string; attrs?: Record<string, string>; states?: string[]; value?: string;
  y?: number; context?: boolean; children?: Spec[]; node?: number; frame?: string; container?: boolean }

const GROUPING = new Set(['form', 'dialog', 'row', 'listitem', 'main', 'navigation', 'region', 'heading']);

/** Flattens a tree of specs into records in document order with parent/container links. */
export function records(specs: Spec[], frameId = MAIN): ElementRecord[] {
  const out: ElementRecord[] = [];
  const walk = (list: Spec[], parent: ElementRecord | undefined, container: ElementRecord | undefined): void => {
    for (const s of list) {
      const node = s.node ?? nextNode++;
      const y = s.y ?? 20 * out.length;
      const r: ElementRecord = {
        key: `${s.frame ?? frameId}:${node}`, frameId: s.frame ?? frameId, backendNodeId: node, role: s.role, name: s.name ?? '',
        tag: s.tag ?? (s.role === 'button' ? 'button' : s.role === 'textbox' ? 'input' : s.role === 'link' ? 'a' : 'div'),
        ...(s.value !== undefined ? { value: s.value } : {}), states: s.states ?? [], attrs: s.attrs ?? {},
        bounds: { x: 10, y, width: 100, height: 18 }, inViewport: y < 720, kind: s.context ? 'context' : 'element',
        ...(parent ? { parentKey: parent.key } : {}), ...(container ? { containerKey: container.key } : {}), order: out.length,
      };
      out.push(r);
      if (s.children) walk(s.children, r, s.context && GROUPING.has(s.role) ? r : container);
    }
  };
  walk(specs, undefined, undefined);
  return out;
}

export function capture(recs: ElementRecord[], documentId = 'doc1', extraFrames: Capture['frames'] = []): Capture {
  return {
    url: 'http://shop.test/checkout', title: 'Checkout', viewport: { width: 1280, height: 720 },
    frames: [{ frameId: MAIN, isMain: true, url: 'http://shop.test/checkout', origin: 'http://shop.test', documentId }, ...extraFrames],
    records: recs,
  };
}

export const field = (name: string, attrs: Record<string, string> = {}): Spec => ({ role: 'textbox', name, attrs, value: '' });
export const button = (name: string, attrs: Record<string, string> = {}): Spec => ({ role: 'button', name, attrs });
export const form = (name: string, children: Spec[]): Spec => ({ role: 'form', name, tag: 'form', context: true, children });
