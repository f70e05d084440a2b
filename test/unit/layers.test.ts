// The import directions of house.md: daemon → cdp | markup | semantic | agent, agent → semantic;
// cdp, markup, semantic and agent never import daemon/; semantic/ and agent/ import none of
// cdp/, markup/, daemon/; cdp and markup never import each other. agent/ may not exist yet.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LAYERS = ['daemon', 'cdp', 'markup', 'semantic', 'agent'] as const;
type Layer = typeof LAYERS[number];

const FORBIDDEN: Record<Exclude<Layer, 'daemon'>, Layer[]> = {
  cdp: ['daemon', 'markup', 'semantic', 'agent'],
  markup: ['daemon', 'cdp', 'semantic', 'agent'],
  semantic: ['daemon', 'cdp', 'markup', 'agent'],
  agent: ['daemon', 'cdp', 'markup'],
};

function filesOf(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : filesOf(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The layer a relative import lands in (or null for node:, packages and files outside the layers). */
function targetLayer(file: string, spec: string): Layer | null {
  if (!spec.startsWith('.')) return null;
  const top = relative(ROOT, resolve(dirname(file), spec)).split(/[\\/]/)[0];
  return (LAYERS as readonly string[]).includes(top ?? '') ? top as Layer : null;
}

const importsOf = (text: string): string[] => [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');

describe('layer import directions (house.md)', () => {
  for (const layer of Object.keys(FORBIDDEN) as Array<keyof typeof FORBIDDEN>) {
    it(`${layer}/ imports none of ${FORBIDDEN[layer].join(', ')}`, () => {
      const files = filesOf(join(ROOT, layer));
      if (layer !== 'agent') expect(files.length, `${layer}/ has files`).toBeGreaterThan(0);
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        for (const spec of importsOf(text)) {
          const target = targetLayer(file, spec);
          // agent/ may import semantic/ types only (`import type`).
          if (layer === 'agent' && target === 'semantic') {
            expect(text, `${relative(ROOT, file)} imports semantic/ values (${spec}); use import type`).toMatch(new RegExp(`import type [^;]*['"]${spec.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]`));
            continue;
          }
          expect(target !== null && FORBIDDEN[layer].includes(target), `${relative(ROOT, file)} imports ${spec}`).toBe(false);
        }
      }
    });
  }
});
