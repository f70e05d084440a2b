// JSON Schema checks for done.result and extract (ajv, formats on). Compiled schemas are cached by
// their text: a task reuses one schema for every attempt.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const ajv = new Ajv({ allErrors: true, strict: false });
(addFormatsModule as unknown as { default?: (a: Ajv) => void }).default?.(ajv) ?? (addFormatsModule as unknown as (a: Ajv) => void)(ajv);
const cache = new Map<string, ValidateFunction>();

/** Problems as short lines (`/price: must be number`), or null when the value matches. */
export function validateAgainst(schema: Record<string, unknown>, value: unknown): string[] | null {
  const key = JSON.stringify(schema);
  let validate = cache.get(key);
  if (!validate) { validate = ajv.compile(schema); cache.set(key, validate); }
  if (validate(value)) return null;
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}

/** A schema ajv cannot compile, as a message (for 400 answers). */
export function schemaProblem(schema: unknown): string | null {
  try { ajv.compile(schema as Record<string, unknown>); return null; } catch (err) { return (err as Error).message; }
}
