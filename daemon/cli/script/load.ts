// Reading a script: JSON or YAML, `${VAR}` substitution, and validation of every step up front
// (unknown step, bad body: one message per problem, each naming the step's index) before anything runs.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { commonFields } from '../../schemas.ts';
import { unknownFieldWarnings } from '../../unknownFields.ts';
import { describeIssues } from '../../validation.ts';
import type { Json } from '../client.ts';
import type { ScriptStepName } from './scriptSteps.ts';
import { knownStepNames, routeSteps, SCRIPT_STEPS, type RouteStep } from './steps.ts';

export type StepKind = 'route' | ScriptStepName;
export interface PlannedStep {
  index: number;
  name: string;
  kind: StepKind;
  route?: RouteStep;
  body: Json;
  /** Where to save screenshot_after / screenshot_before. */
  save?: string;
  saveBefore?: string;
}
export interface Script { file: string; steps: PlannedStep[] }

/** A script that cannot run; `problems` has one line per problem. */
export class ScriptError extends Error {
  override name = 'ScriptError';
  constructor(readonly file: string, readonly problems: string[]) { super(`${file}: ${problems.join('\n  ')}`); }
}

const scriptSchema = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  defaults: z.object({ ...commonFields }).strict().optional(),
  steps: z.array(z.unknown()).min(1, 'the script has no steps'),
}).strict();

const FORMATS: Record<string, string> = { '.png': 'png', '.webp': 'webp', '.jpg': 'jpeg', '.jpeg': 'jpeg' };

function parseFile(file: string, text: string): unknown {
  try {
    return extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ScriptError(file, [`not valid ${extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`]);
  }
}

/** `${NAME}` from --var, then the environment, then the script's `vars`; `$${NAME}` is a literal `${NAME}`. */
function substitute(value: unknown, lookup: (name: string) => string | undefined, where: string, problems: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$?\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (match, name: string) => {
      if (match.startsWith('$$')) return match.slice(1);
      const v = lookup(name);
      if (v === undefined) { problems.push(`${where}: \${${name}} is not set; pass --var ${name}=VALUE, set it in the environment or under vars:`); return match; }
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, lookup, `${where}[${i}]`, problems));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, lookup, `${where}.${k}`, problems)]));
  }
  return value;
}

function isObject(v: unknown): v is Json { return typeof v === 'object' && v !== null && !Array.isArray(v); }

function planStep(raw: unknown, index: number, defaults: Json, routes: Map<string, RouteStep>, problems: string[]): PlannedStep | undefined {
  const at = `steps[${index}]`;
  const entry: unknown = typeof raw === 'string' ? { [raw]: {} } : raw;
  if (!isObject(entry) || Object.keys(entry).length !== 1) {
    problems.push(`${at}: a step is an object with one key, the step name, e.g. {"click": {"x": 100, "y": 200}}`);
    return undefined;
  }
  const [name, value] = Object.entries(entry)[0]!;
  const route = routes.get(name);
  if (!route && !Object.hasOwn(SCRIPT_STEPS, name)) {
    problems.push(`${at}: unknown step "${name}"; use one of ${knownStepNames().join(', ')}`);
    return undefined;
  }
  let body: unknown = value ?? {};
  if (name === 'batch' && Array.isArray(body)) body = { actions: body };
  if (!isObject(body)) { problems.push(`${at}.${name}: the value must be an object (the REST body fields)`); return undefined; }
  body = { ...body };
  const step: PlannedStep = { index, name, kind: route ? 'route' : name as StepKind, route, body: body as Json };
  const isAction = route?.route.kind === 'action' || name === 'new_tab';
  if (isAction) {
    for (const key of ['save', 'save_before'] as const) {
      const path = step.body[key];
      if (path === undefined) continue;
      delete step.body[key];
      const format = typeof path === 'string' ? FORMATS[extname(path).toLowerCase()] : undefined;
      if (!format) { problems.push(`${at}.${name}.${key}: a file name ending in .png, .webp, .jpg or .jpeg`); continue; }
      // The file name picks the format over the defaults; only the step's own format can contradict it.
      const shot = (step.body.screenshot ?? {}) as Json;
      if (shot.format !== undefined && shot.format !== format) { problems.push(`${at}.${name}.${key}: ${path} does not match screenshot.format "${String(shot.format)}"`); continue; }
      step.body.screenshot = { ...(step.body.screenshot as Json | undefined), format };
      if (key === 'save') step.save = path as string; else step.saveBefore = path as string;
    }
    if (defaults.screenshot) step.body.screenshot = { ...(defaults.screenshot as Json), ...(step.body.screenshot as Json | undefined) };
    if (defaults.wait_until && step.body.wait_until === undefined) step.body.wait_until = defaults.wait_until;
  }
  const schema: z.ZodType | undefined = route ? route.route.body : SCRIPT_STEPS[name as ScriptStepName].schema;
  const parsed = schema?.safeParse(step.body);
  // A problem with the whole body reads better without describeIssues' "body:" prefix here.
  if (parsed && !parsed.success) problems.push(`${at}.${name}: ${describeIssues(parsed.error).replace(/(^|; )body: /g, '$1')}`);
  // The daemon only warns about unknown fields (clients of other versions send them); in a script,
  // which is ours, one is a typo: a problem like any other, so the script does not run.
  else for (const warning of unknownFieldWarnings(schema, step.body)) problems.push(`${at}.${name}: ${warning}`);
  return step;
}

export function loadScript(file: string, vars: ReadonlyMap<string, string>, env: NodeJS.ProcessEnv): Script {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (err) { throw new ScriptError(file, [`cannot read it: ${(err as Error).message}`]); }
  let doc = parseFile(file, text);
  if (Array.isArray(doc)) doc = { steps: doc };
  const top = scriptSchema.safeParse(doc);
  if (!top.success) throw new ScriptError(file, [describeIssues(top.error)]);
  const scriptVars = top.data.vars ?? {};
  const lookup = (name: string): string | undefined =>
    vars.get(name) ?? env[name] ?? (Object.hasOwn(scriptVars, name) ? String(scriptVars[name]) : undefined);
  const problems: string[] = [];
  const defaults = substitute(top.data.defaults ?? {}, lookup, 'defaults', problems) as Json;
  const routes = routeSteps();
  const steps = top.data.steps.flatMap((raw, index) => {
    const step = planStep(substitute(raw, lookup, `steps[${index}]`, problems), index, defaults, routes, problems);
    return step ? [step] : [];
  });
  if (problems.length > 0) throw new ScriptError(file, problems);
  return { file, steps };
}
