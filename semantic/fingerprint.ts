// What "the same element" means when its node was replaced (a framework re-render, a list rebuilt):
// an exact fingerprint for step 2 of the stability rules and a similarity score for step 3.
import type { Box, ElementRecord } from './types.ts';

const IDENTITY_ATTRS = ['name', 'type', 'data-testid', 'label', 'placeholder', 'href', 'id'] as const;

/** Numbers become `#` so "3 items" and "4 items" are one element whose count changed. */
export const normalise = (text: string): string => text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();

/** The path of a link (no URL object per record: a page has hundreds of links, observed often). */
function hrefPath(href: string): string {
  return href.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/[?#].*$/, '') || '/';
}

export function identityOf(r: Pick<ElementRecord, 'attrs'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of IDENTITY_ATTRS) {
    const v = r.attrs[name];
    if (v) out[name] = name === 'href' ? hrefPath(v) : v;
  }
  return out;
}

export interface Features {
  role: string;
  origin: string;
  frame: string;
  /** Without the ordinal: equal for look-alikes in one container. */
  base: string;
  fingerprint: string;
  tokens: Set<string>;
  identity: Record<string, string>;
  container: string;
  bounds: Box | null;
}

export function containerLabel(c: Pick<ElementRecord, 'role' | 'name'> | undefined): string {
  return c ? `${c.role}:${normalise(c.name).slice(0, 60)}` : '';
}

/** Features of every record of one capture; the ordinal counts equals within one container. */
export function featuresOf(records: ElementRecord[], containerOf: (r: ElementRecord) => ElementRecord | undefined,
  originOf: (frameId: string) => string, frameOf: (frameId: string) => string): Map<string, Features> {
  const seen = new Map<string, number>();
  const out = new Map<string, Features>();
  for (const r of records) {
    const identity = identityOf(r);
    const container = containerLabel(containerOf(r));
    const base = [r.role, r.tag, normalise(r.name), JSON.stringify(identity), container].join('|');
    const scoped = `${r.frameId}|${base}`;
    const ordinal = (seen.get(scoped) ?? 0) + 1;
    seen.set(scoped, ordinal);
    out.set(r.key, {
      role: r.role, origin: originOf(r.frameId), frame: frameOf(r.frameId), base, fingerprint: `${base}|${ordinal}`,
      tokens: new Set(normalise(r.name).split(/[^a-z0-9#]+/).filter(Boolean)),
      identity, container, bounds: r.bounds,
    });
  }
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let both = 0;
  for (const t of a) if (b.has(t)) both++;
  return both / (a.size + b.size - both);
}

function identityMatch(a: Record<string, string>, b: Record<string, string>): number {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  if (keys.size === 0) return 1;
  let same = 0;
  for (const k of keys) if (a[k] === b[k]) same++;
  return same / keys.size;
}

function overlap(a: Box | null, b: Box | null): number {
  if (!a || !b) return 0;
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/** Step 3's score: name tokens 0.4, identity attributes 0.25, container 0.2, box overlap 0.15. */
export function similarity(a: Features, b: Features): number {
  if (a.role !== b.role || a.origin !== b.origin) return 0; // never across roles or origins
  const containerScore = a.container === b.container ? 1 : a.container.split(':')[0] === b.container.split(':')[0] ? 0.5 : 0;
  return 0.4 * jaccard(a.tokens, b.tokens) + 0.25 * identityMatch(a.identity, b.identity) + 0.2 * containerScore + 0.15 * overlap(a.bounds, b.bounds);
}
