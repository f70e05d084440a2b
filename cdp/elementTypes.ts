// Data shapes of element collection (set-of-marks), shared by the in-page scanner and the CDP side.
// Plain JSON: the scanner's results cross Runtime.evaluate by value.

export type ElementKind = 'clickable' | 'typeable' | 'scrollable' | 'selected';

/** [x0, y0, x1, y1], CSS px. */
export type Clip = [number, number, number, number];
export type Point = [number, number];

/** One element as the scanner reports it, in the coordinates of the document it ran in. */
export interface ScannedElement {
  kind: ElementKind;
  /** The element's box clipped to the viewport (and to the iframes it sits in). */
  box: Clip;
  /** Points inside `box` where a hit test lands on the element, best first (the centre when it can). */
  points: Point[];
  tag: string;
  role?: string;
  text?: string;
  href?: string;
  inputType?: string;
  placeholder?: string;
  /** URL of the frame's document when the element is not in the tab's top document. */
  frame?: string;
}

/** Where an out-of-process iframe's viewport sits in its parent's local-root viewport. */
export interface FrameGeometry { x: number; y: number; clip: Clip }

export type PageRequest =
  | { op: 'scan'; kinds: ElementKind[]; top: boolean; maxPoints: number }
  | { op: 'geometry' }
  | { op: 'hits'; points: Point[] };

/** A marked element in the tab's top-level viewport, CSS px (= screenshot px at DSF 1). */
export interface CollectedElement {
  index: number;
  kind: ElementKind;
  box: { x: number; y: number; width: number; height: number };
  center: { x: number; y: number };
  tag: string;
  role?: string;
  text?: string;
  href?: string;
  inputType?: string;
  placeholder?: string;
  frame?: string;
}
