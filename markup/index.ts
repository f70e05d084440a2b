// Public surface of markup/: pixels + marks in, one encoded image out. Pure image code; it never
// imports cdp/ or daemon/ (test/markup/imports.test.ts keeps it so).

export type { Box, EncodedFrame, FrameRequest, ImageFormat, Mark, MarkType } from './types.ts';
export { renderFrame } from './renderFrame.ts';
export { needsDrawing } from './draw.ts';
export { fitImageForModel, modelImageScale, type ModelImageLimits } from './modelImage.ts';
