// The data that crosses the markup/ boundary. The daemon computes marks as plain data (from CDP);
// this layer only turns "pixels + data" into an encoded image, so it never needs to know where the
// boxes came from.

/** A rectangle in screenshot pixels (may be fractional, may lie partly or wholly outside the image). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type MarkType = 'clickable' | 'typeable' | 'scrollable' | 'selected';

export interface Mark {
  index: number;
  type: MarkType;
  box: Box;
  /** Drawn instead of the index when set (an agent_id). */
  label?: string;
}

export type ImageFormat = 'webp' | 'png' | 'jpeg';

export interface FrameRequest {
  /** An encoded PNG or JPEG as captured by Chromium. */
  source: Buffer;
  /** May be empty. */
  marks: Mark[];
  /** Coordinate grid every 100 px. */
  grid: boolean;
  /** Tip position of the virtual mouse cursor, or null for no cursor. */
  cursor: { x: number; y: number } | null;
  format: ImageFormat;
  /** 1..100, used for webp and jpeg. */
  quality: number;
}

export interface EncodedFrame {
  data: Buffer;
  width: number;
  height: number;
  format: ImageFormat;
}
