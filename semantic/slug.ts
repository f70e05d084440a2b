// Readable id stems from what a person would call the element: its accessible name, else its label,
// placeholder, title, alt, the last path segment of its link, its `name` or `id` attribute.
import type { ElementRecord } from './types.ts';

const MAX_WORDS = 3;
const MAX_CHARS = 24;

/** ASCII, lower snake case, at most `words` words and 24 characters; '' when nothing usable is left. */
export function slugify(text: string, words = MAX_WORDS): string {
  const ascii = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const parts = ascii.split(/[^a-z0-9]+/).filter(Boolean).slice(0, words);
  let out = '';
  for (const part of parts) {
    const next = out ? `${out}_${part}` : part;
    if (next.length > MAX_CHARS) { if (!out) out = part.slice(0, MAX_CHARS); break; }
    out = next;
  }
  return out;
}

function lastPathSegment(href: string): string {
  const path = href.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const seg = path.slice(path.lastIndexOf('/') + 1);
  return seg.replace(/\.[a-z0-9]{1,5}$/i, '');
}

/** The stem of an element's id, from the first source that yields a usable slug. */
export function stemOf(r: Pick<ElementRecord, 'name' | 'attrs'>): string {
  const a = r.attrs;
  const sources = [r.name, a.label, a.placeholder, a.title, a.alt, a.href ? lastPathSegment(a.href) : undefined, a.name, a.id];
  for (const source of sources) {
    if (!source) continue;
    const slug = slugify(source);
    if (slug && !/^\d+$/.test(slug)) return slug;
  }
  return '';
}

/** A short qualifier from a container's name: `billing` for "Billing address", `row_alice` for a row. */
export function qualifierOf(container: Pick<ElementRecord, 'role' | 'name'> | undefined): string {
  if (!container) return '';
  const word = slugify(container.name, container.role === 'row' || container.role === 'listitem' ? 1 : 1);
  if (!word) return '';
  return container.role === 'row' || container.role === 'listitem' ? `row_${word}` : word;
}

/** 4 hex digits of a string (FNV-1a), for elements with no usable text. */
export function hex4(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return ((h >>> 0) & 0xffff).toString(16).padStart(4, '0');
}
