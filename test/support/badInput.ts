// Bad-input cases generated from the route table (test/routes/badInput.test.ts). Each route's zod
// body schema is read through its JSON Schema (z.toJSONSchema), so a new route or field gets its
// cases without anyone writing them. Only bodies the route's own schema rejects are generated, so no
// case can reach an action (or /browser/shutdown) by accident.
import { z } from 'zod';
import type { RouteDef } from '../../daemon/routes/types.ts';

export interface JsonSchema {
  type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema;
  anyOf?: JsonSchema[]; enum?: unknown[]; const?: unknown; pattern?: string;
  minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number;
  minLength?: number; maxLength?: number; minItems?: number; maxItems?: number;
}

export interface Field { path: (string | number)[]; schema: JsonSchema; required: boolean }

/** A JSON literal that JSON.stringify cannot produce (1e309 parses to Infinity). */
class RawJson { constructor(readonly text: string) {} }
const raw = (text: string): RawJson => new RawJson(text);

export interface BodyCase { label: string; body: string; field: string | null }

export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** Every field of an object schema, nested objects and array items included (items as index 0). */
export function fieldsOf(js: JsonSchema, path: (string | number)[] = []): Field[] {
  const out: Field[] = [];
  for (const [key, child] of Object.entries(js.properties ?? {})) {
    const here = [...path, key];
    out.push({ path: here, schema: child, required: js.required?.includes(key) ?? false });
    if (child.properties) out.push(...fieldsOf(child, here));
    if (child.items?.properties) out.push(...fieldsOf(child.items, [...here, 0]));
  }
  return out;
}

const typesOf = (js: JsonSchema): string[] => (Array.isArray(js.type) ? js.type : js.type ? [js.type] : []);

/** A value the JSON Schema accepts (refinements aside). */
export function sample(js: JsonSchema, withOptional = false): unknown {
  if (js.const !== undefined) return js.const;
  if (js.enum) return js.enum[0];
  if (js.anyOf) return sample(js.anyOf[0]!);
  const type = typesOf(js)[0];
  if (type === 'number' || type === 'integer') {
    let v = 1;
    if (js.minimum !== undefined) v = Math.max(v, js.minimum);
    if (js.exclusiveMinimum !== undefined) v = Math.max(v, js.exclusiveMinimum + 1);
    if (js.maximum !== undefined) v = Math.min(v, js.maximum);
    if (js.exclusiveMaximum !== undefined) v = Math.min(v, js.exclusiveMaximum - 1);
    return v;
  }
  if (type === 'string') return 'a'.repeat(Math.max(1, js.minLength ?? 1));
  if (type === 'boolean') return true;
  if (type === 'array') return Array.from({ length: js.minItems ?? 0 }, () => sample(js.items ?? {}));
  if (type === 'object' || js.properties) {
    const o: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(js.properties ?? {})) {
      const primitive = !child.properties && typesOf(child)[0] !== 'object';
      if (js.required?.includes(key) || (withOptional && primitive)) o[key] = sample(child, withOptional);
    }
    return o;
  }
  return 'a';
}

/** A valid starting body: required fields, else required plus optional primitives; null if neither parses. */
export function validBase(schema: z.ZodType): Record<string, unknown> | null {
  const js = jsonSchemaOf(schema);
  for (const candidate of [sample(js), sample(js, true)]) if (schema.safeParse(candidate).success) return candidate as Record<string, unknown>;
  return null;
}

function setPath(base: unknown, root: JsonSchema, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  let js = root;
  path.forEach((key, i) => {
    const childJs: JsonSchema = typeof key === 'number' ? js.items ?? {} : js.properties?.[key] ?? {};
    if (i === path.length - 1) { node[key] = value; return; }
    if (node[key] === undefined || node[key] === null) {
      const next = path[i + 1];
      node[key] = typeof next === 'number' ? [sample(childJs.items ?? {})] : sample(childJs);
    }
    node = node[key] as Record<string | number, unknown>;
    js = childJs;
  });
  return copy;
}

function removePath(base: unknown, path: (string | number)[]): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) {
    if (node[key] === undefined) return copy;
    node = node[key] as Record<string | number, unknown>;
  }
  delete node[path.at(-1)!];
  return copy;
}

export function serialize(body: unknown): string {
  return JSON.stringify(body, (_k, v) => (v instanceof RawJson ? `__RAW(${v.text})__` : v)).replace(/"__RAW\((.*?)\)__"/g, '$1');
}

/** Wrong types, out-of-range and non-finite numbers, over-long strings, bad enums, bad array sizes. */
export function badValues(js: JsonSchema): { label: string; value: unknown }[] {
  const values: { label: string; value: unknown }[] = [
    { label: 'null', value: null }, { label: 'object', value: {} }, { label: 'array', value: [] },
    { label: 'boolean', value: true }, { label: 'string', value: 'not the right type' }, { label: 'number', value: 12345 },
  ];
  const types = typesOf(js);
  if (types.includes('number') || types.includes('integer')) {
    values.push(
      { label: '"NaN"', value: 'NaN' }, { label: '"Infinity"', value: 'Infinity' }, { label: '"-Infinity"', value: '-Infinity' },
      { label: '1e309 (Infinity)', value: raw('1e309') }, { label: '-1e309', value: raw('-1e309') },
      { label: 'huge', value: 1e300 }, { label: '-huge', value: -1e300 }, { label: 'numeric string', value: '42' },
    );
    if (types.includes('integer')) values.push({ label: 'fraction', value: 1.5 });
    if (js.minimum !== undefined) values.push({ label: 'below minimum', value: js.minimum - 1 });
    if (js.maximum !== undefined) values.push({ label: 'above maximum', value: js.maximum + 1 });
  }
  if (types.includes('string')) {
    // Without a maxLength, 200 000 characters (under the body limit): the schema accepts it, so no case
    // is generated, and unboundedFields() reports the field instead.
    values.push({ label: 'over-long string', value: 'x'.repeat(js.maxLength !== undefined ? js.maxLength + 1 : 200_000) });
    if ((js.minLength ?? 0) > 0) values.push({ label: 'empty string', value: '' });
    if (js.enum) values.push({ label: 'not one of the choices', value: 'not-a-choice' }, { label: 'wrong case', value: String(js.enum[0]).toUpperCase() + '_' });
  }
  if (types.includes('array')) {
    if ((js.minItems ?? 0) > 0) values.push({ label: 'too few items', value: [] });
    if (js.maxItems !== undefined) values.push({ label: 'too many items', value: Array.from({ length: js.maxItems + 1 }, () => sample(js.items ?? {})) });
    values.push({ label: 'items of the wrong type', value: [{ nested: [1, 2] }, null] });
  }
  return values;
}

/** Body cases for one route: each field made invalid in an otherwise valid body, each required field left out. */
export function bodyCases(route: RouteDef): BodyCase[] {
  if (!route.body) return [];
  const schema = route.body;
  const js = jsonSchemaOf(schema);
  const base = validBase(schema);
  const start = base ?? {};
  const out: BodyCase[] = [];
  const rejected = (text: string): boolean => !schema.safeParse(JSON.parse(text)).success;
  for (const field of fieldsOf(js)) {
    const name = field.path.join('.');
    for (const { label, value } of badValues(field.schema)) {
      const body = serialize(setPath(start, js, field.path, value));
      if (rejected(body)) out.push({ label: `${name} = ${label}`, body, field: base ? name : null });
    }
    if (field.required && base) {
      const body = serialize(removePath(base, field.path));
      if (rejected(body)) out.push({ label: `${name} missing`, body, field: name });
    }
  }
  if (!schema.safeParse({}).success) out.push({ label: 'empty object', body: '{}', field: null });
  return out;
}

/** Bodies that are not a JSON object at all (every POST route reads its body as one). */
export function malformedBodies(): { label: string; body: string; code: string }[] {
  const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  return [
    { label: 'truncated JSON', body: '{"x": 1,', code: 'INVALID_JSON' },
    { label: 'single quotes', body: "{'x': 1}", code: 'INVALID_JSON' },
    { label: 'not JSON', body: 'x=1&y=2', code: 'INVALID_JSON' },
    { label: 'NaN literal', body: '{"x": NaN}', code: 'INVALID_JSON' },
    { label: 'JSON array', body: '[{"x": 1}]', code: 'INVALID_JSON' },
    { label: 'empty array', body: '[]', code: 'INVALID_JSON' },
    { label: 'null', body: 'null', code: 'INVALID_JSON' },
    { label: 'number', body: '42', code: 'INVALID_JSON' },
    { label: 'string', body: '"text"', code: 'INVALID_JSON' },
    { label: '100 levels deep', body: deep(100), code: 'INVALID_JSON' },
    { label: '100000 levels deep', body: '['.repeat(100_000) + ']'.repeat(100_000), code: 'INVALID_JSON' },
  ];
}

/** Ids that try to leave their path segment or confuse a lookup. */
export const HOSTILE_IDS = ['..%2F..', '..%2F..%2Fbrowser%2Fshutdown', '%2E%2E', '..%5C..%5C', 'a%00b', '%3Cscript%3E', 'x'.repeat(3000), '-1', '0'];

export const UNKNOWN_ID = '0123456789ABCDEF0123456789ABCDEF';

/** The path with every :param replaced. */
export function fillPath(path: string, value: string): string {
  return path.replace(/:[A-Za-z_]+/g, value);
}

/** Fields whose JSON Schema leaves them open: any value, strings without maxLength, numbers without both bounds. */
export function unboundedFields(route: RouteDef): string[] {
  if (!route.body) return [];
  const problemOf = (js: JsonSchema): string | null => {
    const types = typesOf(js);
    if (types.length === 0 && !js.anyOf && !js.enum && js.const === undefined) return 'accepts any value';
    if (types.includes('string') && !js.enum && js.const === undefined && js.maxLength === undefined) return 'string without maxLength';
    if ((types.includes('number') || types.includes('integer')) && (js.minimum === undefined || js.maximum === undefined)) return 'number without min/max';
    if (types.includes('array') && js.items && typesOf(js.items).includes('string') && (js.maxItems === undefined || problemOf(js.items))) return 'list of strings without maxItems/maxLength';
    return null;
  };
  return fieldsOf(jsonSchemaOf(route.body)).flatMap((f) => {
    const found = (f.schema.anyOf ?? [f.schema]).map(problemOf).find((p) => p !== null);
    return found ? [`${f.path.join('.')} (${found})`] : [];
  });
}
