// All markup drawn onto one decoded frame, in a fixed layer order: grid lines under the boxes (the
// grid is context, the boxes are the content), labels over all borders (a number hidden by a
// neighbour's border is useless), and the cursor on top of everything.

import type { Canvas } from './canvas.ts';
import { drawBoxBorder } from './boxes.ts';
import { MARK_STYLES } from './colors.ts';
import { drawCursor } from './cursor.ts';
import { clipRect, toPixelRect, type PixelRect } from './geometry.ts';
import { drawGridLabels, drawGridLines } from './grid.ts';
import { drawIndexLabel } from './labels.ts';
import type { FrameRequest, Mark } from './types.ts';

export type MarkupRequest = Pick<FrameRequest, 'marks' | 'grid' | 'cursor'>;

/** True when there is anything to draw; when false the source can be passed through untouched. */
export function needsDrawing(req: MarkupRequest): boolean {
  return req.marks.length > 0 || req.grid || req.cursor !== null;
}

interface VisibleMark {
  mark: Mark;
  visible: PixelRect;
}

export function drawMarkup(c: Canvas, req: MarkupRequest): void {
  if (req.grid) drawGridLines(c);

  const shown: VisibleMark[] = [];
  for (const mark of req.marks) {
    const rect = toPixelRect(mark.box);
    const visible = rect && clipRect(rect, c.width, c.height);
    // A box wholly outside the frame gets neither border nor label: a label would point at nothing.
    if (!rect || !visible) continue;
    drawBoxBorder(c, rect, MARK_STYLES[mark.type]);
    shown.push({ mark, visible });
  }

  if (req.grid) drawGridLabels(c);
  for (const { mark, visible } of shown) {
    drawIndexLabel(c, mark.index, visible, MARK_STYLES[mark.type].color, mark.label);
  }

  if (req.cursor) drawCursor(c, req.cursor.x, req.cursor.y);
}
