// The records the semantic layer works on (filled by cdp/semanticCapture.ts from the accessibility
// tree and DOMSnapshot) and what an observation gives back. Plain data: this layer imports no cdp/,
// daemon/ or markup/ code, so every rule here is testable on recorded records without a browser.

export interface Box { x: number; y: number; width: number; height: number }

/** One node worth naming: an element an agent can act on, or a context node (container, heading). */
export interface ElementRecord {
  /** Unique within one capture: `<frameId>:<backendNodeId>`. */
  key: string;
  frameId: string;
  backendNodeId: number;
  /** The accessibility role as Chromium computes it (`button`, `textbox`, `form`, `row`…). */
  role: string;
  /** The accessible name (whitespace collapsed). */
  name: string;
  /** Lower-case element name (`input`, `button`, `div`). */
  tag: string;
  /** A field's current value (not for passwords: `password` says it is one). */
  value?: string;
  password?: boolean;
  /** Of: focused disabled checked mixed expanded required invalid selected readonly modal. */
  states: string[];
  /** Identity attributes: name, type, data-testid, placeholder, href, id, title, alt, label. */
  attrs: Record<string, string>;
  /** Border box in the top-level viewport, CSS px (the coordinates ABP click takes). */
  bounds: Box | null;
  /** The part of `bounds` that can be seen: inside the viewport and every frame it sits in. */
  visible?: Box;
  inViewport: boolean;
  /** Key of the record whose box covers this one's centre (a modal, a cookie banner). */
  occludedBy?: string;
  /** `element`: an action target; `context`: a container or heading, shown as a context line. */
  kind: 'element' | 'context';
  /** Nearest ancestor record (element or context) in the flat tree, across frames. */
  parentKey?: string;
  /** Nearest grouping container (form/dialog/landmark/row/list item/heading section). */
  containerKey?: string;
  /** Position in document (flat-tree, frames inlined) order. */
  order: number;
  /** A scroll container (its content is larger than its box and it scrolls). */
  scrollable?: boolean;
  /** `element` records: true when the role is interactive or the node is focusable/editable/clickable. */
  editable?: boolean;
}

/** One frame's document as captured. */
export interface CapturedFrame {
  frameId: string;
  isMain: boolean;
  url: string;
  /** The frame's security origin: ids never move across origins. */
  origin: string;
  /** Changes with every cross-document navigation of the frame (its ids are then retired). */
  documentId: string;
}

export interface Capture {
  url: string;
  title: string;
  viewport: { width: number; height: number };
  frames: CapturedFrame[];
  records: ElementRecord[];
}

export type IdStyle = 'slug' | 'short';
export type ElementStatus = 'new' | 'changed' | 'same';

export interface ObservedElement {
  agent_id: string;
  kind: string;
  role: string;
  name: string;
  value?: string;
  states: string[];
  frame: string;
  container: { role: string; name: string; agent_id?: string } | null;
  center: { x: number; y: number } | null;
  bounds: Box | null;
  in_viewport: boolean;
  occluded_by: string | null;
  status: ElementStatus;
  actions: string[];
}

export interface Omission { region: string; count: number; hint?: string }

export interface ObserveOptions {
  max_elements: number;
  focus_id?: string;
  scope?: string;
  include_context: boolean;
  id_style: IdStyle;
}
