// Expected-image tests: whole frames compared with committed PNGs under fixtures/expected/.
// Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/markup` and look at every image before committing.

import { describe, expect, it } from 'vitest';
import { renderFrame, type Mark, type MarkType } from '../../markup/index.ts';
import { expectMatchesGolden, pageSource, solidSource } from './helpers.ts';

const TOLERANCE = { meanAbs: 1.0, bigFraction: 0.005 };

function mark(index: number, type: MarkType, x: number, y: number, width: number, height: number): Mark {
  return { index, type, box: { x, y, width, height } };
}

/** ~200 boxes laid out like a dense UI page at 1280x800 (rows of links, inputs, a scroll panel). */
function denseMarks(): Mark[] {
  const marks: Mark[] = [];
  let index = 1;
  for (let row = 0; row < 20; row++) {
    for (let col = 0; col < 10; col++) {
      const type: MarkType = col === 9 ? 'typeable' : 'clickable';
      marks.push(mark(index++, type, 12 + col * 112 + (row % 3) * 7, 30 + row * 38, 90 - (col % 4) * 12, 18 + (col % 2) * 6));
    }
  }
  marks.push(mark(index++, 'scrollable', 1140, 40, 130, 700));
  marks.push(mark(index, 'selected', 348, 486, 90, 24));
  return marks;
}

describe('expected images', () => {
  it('draws every mark type, partial and off-image boxes', async () => {
    const marks = [
      mark(1, 'clickable', 20, 40, 120, 30),
      mark(2, 'typeable', 160, 40, 200, 32),
      mark(3, 'scrollable', 20, 100, 220, 120),
      mark(4, 'selected', 260, 100, 120, 40),
      mark(12, 'clickable', 0, 0, 80, 24), // no room above: label goes inside
      mark(137, 'clickable', 350.4, 180.6, 80, 50), // runs off the right edge
      mark(9, 'typeable', -30, 230, 100, 60), // runs off the left and bottom edges
      mark(99, 'clickable', 500, 500, 10, 10), // wholly outside: nothing
    ];
    const out = await renderFrame({ source: await pageSource(400, 260), marks, grid: false, cursor: null, format: 'png', quality: 80 });
    const diff = await expectMatchesGolden('marks', out.data);
    expect(diff.meanAbs).toBeLessThan(TOLERANCE.meanAbs);
    expect(diff.bigFraction).toBeLessThan(TOLERANCE.bigFraction);
  });

  it('draws the grid with labels and the cursor', async () => {
    const out = await renderFrame({
      source: await pageSource(640, 400),
      marks: [mark(7, 'clickable', 130, 130, 140, 40)],
      grid: true,
      cursor: { x: 333, y: 222 },
      format: 'png',
      quality: 80,
    });
    const diff = await expectMatchesGolden('grid-cursor', out.data);
    expect(diff.meanAbs).toBeLessThan(TOLERANCE.meanAbs);
    expect(diff.bigFraction).toBeLessThan(TOLERANCE.bigFraction);
  });

  it('clips the cursor at the image corner, from a JPEG source', async () => {
    const out = await renderFrame({
      source: await solidSource(120, 80, 'jpeg', '#dde4ee'),
      marks: [],
      grid: false,
      cursor: { x: 112, y: 70 },
      format: 'png',
      quality: 80,
    });
    const diff = await expectMatchesGolden('cursor-corner', out.data);
    expect(diff.meanAbs).toBeLessThan(TOLERANCE.meanAbs);
    expect(diff.bigFraction).toBeLessThan(TOLERANCE.bigFraction);
  });

  it('draws a dense 1280x800 frame legibly (~200 marks, grid, cursor)', async () => {
    const out = await renderFrame({
      source: await pageSource(1280, 800),
      marks: denseMarks(),
      grid: true,
      cursor: { x: 640, y: 420 },
      format: 'png',
      quality: 80,
    });
    const diff = await expectMatchesGolden('dense-1280x800', out.data);
    expect(diff.meanAbs).toBeLessThan(TOLERANCE.meanAbs);
    expect(diff.bigFraction).toBeLessThan(TOLERANCE.bigFraction);
  });
});
