// The shapes semantic capture hands the daemon. They mirror semantic/types.ts field for field
// (cdp/ may not import semantic/: house.md's layers); the daemon's assignment checks they agree.

export interface CapturedBox { x: number; y: number; width: number; height: number }

export interface CapturedElement {
  key: string;
  frameId: string;
  backendNodeId: number;
  role: string;
  name: string;
  tag: string;
  value?: string;
  password?: boolean;
  states: string[];
  attrs: Record<string, string>;
  bounds: CapturedBox | null;
  visible?: CapturedBox;
  inViewport: boolean;
  occludedBy?: string;
  kind: 'element' | 'context';
  parentKey?: string;
  containerKey?: string;
  order: number;
  scrollable?: boolean;
  editable?: boolean;
}

export interface CapturedFrameInfo { frameId: string; isMain: boolean; url: string; origin: string; documentId: string }

export interface SemanticCapture {
  url: string;
  title: string;
  viewport: { width: number; height: number };
  frames: CapturedFrameInfo[];
  records: CapturedElement[];
}
