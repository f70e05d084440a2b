// A hand-made 5x7 bitmap font for the digits 0-9. Labels only ever show numbers (mark indices, grid
// coordinates), so ten glyphs drawn as scaled squares replace font files and SVG text, whose
// rasterization through librsvg was the most expensive part of the SVG path (measured.md §3).

import { fillRect, type Canvas } from './canvas.ts';
import { letterArt } from './letterFont.ts';

export const GLYPH_COLS = 5;
export const GLYPH_ROWS = 7;

// '#' = ink. Shapes follow the classic 5x7 LCD font, which stays readable when scaled by whole numbers.
const GLYPH_ART: readonly (readonly string[])[] = [
  ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'], // 0
  ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'], // 1
  ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'], // 2
  ['#####', '...#.', '..#..', '...#.', '....#', '#...#', '.###.'], // 3
  ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'], // 4
  ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'], // 5
  ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'], // 6
  ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'], // 7
  ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'], // 8
  ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'], // 9
];

/** A horizontal run of ink inside one glyph row: drawing runs instead of single cells cuts fills ~2x. */
interface Run {
  col: number;
  row: number;
  len: number;
}

function toRuns(art: readonly string[]): Run[] {
  const runs: Run[] = [];
  art.forEach((line, row) => {
    let col = 0;
    while (col < line.length) {
      if (line[col] !== '#') {
        col++;
        continue;
      }
      const start = col;
      while (line[col] === '#') col++;
      runs.push({ col: start, row, len: col - start });
    }
  });
  return runs;
}

const GLYPH_RUNS: readonly Run[][] = GLYPH_ART.map(toRuns);
const LETTER_RUNS = new Map<string, Run[]>();

/** Digits, then (for agent_id labels) letters, '_' and '.' from letterFont.ts. */
function runsOf(ch: string): readonly Run[] | undefined {
  const digit = GLYPH_RUNS[ch.charCodeAt(0) - 48];
  if (digit !== undefined && ch >= '0' && ch <= '9') return digit;
  let runs = LETTER_RUNS.get(ch);
  if (!runs) {
    const art = letterArt(ch);
    if (!art) return undefined;
    runs = toRuns(art);
    LETTER_RUNS.set(ch, runs);
  }
  return runs;
}

/** Width and height in pixels of `digits` drawn at `scale`, with one glyph column of spacing between. */
export function measureDigits(digits: string, scale: number): { width: number; height: number } {
  const n = digits.length;
  const width = n === 0 ? 0 : (n * GLYPH_COLS + (n - 1)) * scale;
  return { width, height: GLYPH_ROWS * scale };
}

/** Draws a string with its top-left at (x, y); characters the fonts lack are skipped. */
export function drawDigits(c: Canvas, digits: string, x: number, y: number, scale: number, packed: number): void {
  let penX = x;
  for (const ch of digits) {
    const runs = runsOf(ch);
    if (runs === undefined) continue;
    for (const run of runs) {
      fillRect(c, penX + run.col * scale, y + run.row * scale, run.len * scale, scale, packed);
    }
    penX += (GLYPH_COLS + 1) * scale;
  }
}

/** The text shown for a mark index: indices are meant to be non-negative integers. */
export function indexText(index: number): string {
  return Number.isFinite(index) ? String(Math.max(0, Math.trunc(index))) : '0';
}
