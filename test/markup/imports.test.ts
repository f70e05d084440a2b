// Keeps markup/ pure (house.md "Three layers, one direction"): it may import only its own modules,
// node: built-ins and sharp — never cdp/ or daemon/.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MARKUP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'markup');

describe('markup/ imports', () => {
  it('imports only ./ modules, node: built-ins and sharp', () => {
    const files = readdirSync(MARKUP_DIR).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(join(MARKUP_DIR, file), 'utf8');
      const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
      for (const spec of specifiers) {
        const ok = (spec.startsWith('./') && !spec.includes('..')) || spec.startsWith('node:') || spec === 'sharp';
        expect(ok, `${file} imports ${spec}`).toBe(true);
      }
    }
  });
});
