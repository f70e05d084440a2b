// Unknown request fields: accepted (ABP clients send fields of other versions, and the schemas are
// `.loose()`), but named in the answer's `warnings`, with the nearest known field, so a typo such as
// {"buton": "right"} is not a silent left click (issue 23 item 4). Works on any route's zod schema,
// so routes added later get it without doing anything.
import type { z } from 'zod';

interface Def { type: string; [key: string]: unknown }
const defOf = (schema: unknown): Def | undefined => (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;

/** Optional, nullable, default, pipe (transform), lazy…: the schema that sees the raw value. */
function unwrap(schema: z.ZodType): z.ZodType {
  for (let i = 0; i < 20; i += 1) {
    const def = defOf(schema);
    if (!def) return schema;
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional', 'success'].includes(def.type)) schema = def.innerType as z.ZodType;
    else if (def.type === 'pipe') schema = def.in as z.ZodType;
    else if (def.type === 'lazy') schema = (def.getter as () => z.ZodType)();
    else return schema;
  }
  return schema;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Unknown { path: string; suggestion?: string }

/**
 * Arrays whose items the schema keeps as `unknown` (checked by hand, e.g. batch sub-actions keyed by
 * their "type"): the owner names the schema each item is, so their fields are walked too.
 */
const itemSchemas = new WeakMap<object, (item: unknown) => z.ZodType | undefined>();
export function itemSchemaFor<S extends z.ZodType>(array: S, choose: (item: unknown) => z.ZodType | undefined): S {
  itemSchemas.set(array, choose);
  return array;
}

function collect(schema: z.ZodType, value: unknown, path: string, out: Unknown[]): void {
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (!def || value === undefined || value === null) return;
  const join = (key: string): string => (path ? `${path}.${key}` : key);
  if (def.type === 'object' && isPlainObject(value)) {
    const shape = def.shape as Record<string, z.ZodType>;
    const known = Object.keys(shape);
    for (const [key, child] of Object.entries(value)) {
      if (Object.hasOwn(shape, key)) collect(shape[key]!, child, join(key), out);
      else {
        const near = nearest(key, known);
        out.push({ path: join(key), suggestion: near === undefined ? undefined : join(near) });
      }
    }
  } else if (def.type === 'array' && Array.isArray(value)) {
    const choose = itemSchemas.get(inner) ?? itemSchemas.get(schema);
    value.forEach((item, i) => {
      const itemSchema = choose?.(item) ?? (def.element as z.ZodType);
      collect(itemSchema, item, `${path}[${i}]`, out);
    });
  } else if (def.type === 'record' && isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) collect(def.valueType as z.ZodType, child, join(key), out);
  } else if (def.type === 'union') {
    // The option the value is (fewest unknowns among those it parses as); none: nothing to say.
    let best: Unknown[] | undefined;
    for (const option of def.options as z.ZodType[]) {
      if (!option.safeParse(value).success) continue;
      const found: Unknown[] = [];
      collect(option, value, path, found);
      if (!best || found.length < best.length) best = found;
    }
    out.push(...(best ?? []));
  } else if (def.type === 'intersection') {
    // Each side would call the other's keys unknown: only keys neither side knows count.
    const left: Unknown[] = []; const right: Unknown[] = [];
    collect(def.left as z.ZodType, value, path, left);
    collect(def.right as z.ZodType, value, path, right);
    out.push(...left.filter((u) => right.some((r) => r.path === u.path)));
  }
}

/** The warnings for one request body or query; empty when every field is known. */
export function unknownFieldWarnings(schema: z.ZodType | undefined, value: unknown, where: 'body' | 'query' = 'body'): string[] {
  if (!schema) return [];
  const found: Unknown[] = [];
  collect(schema, value, '', found);
  const suffix = where === 'query' ? ' in the query' : '';
  return found.map((u) => `unknown field "${u.path}"${suffix}${u.suggestion ? ` (did you mean "${u.suggestion}"?)` : ' (ignored)'}`);
}

/** The known name closest to `name`, if close enough to be a typo (case, a letter or two, - vs _). */
export function nearest(name: string, known: readonly string[]): string | undefined {
  const norm = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = norm(candidate) === norm(name) ? 0 : distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) { best = candidate; bestDistance = d; }
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return bestDistance <= allowed ? best : undefined;
}

/** Levenshtein distance with adjacent transpositions (optimal string alignment). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) d[0]![j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
