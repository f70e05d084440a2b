// Smooth's TaskRequest (agent-apis.md §1.3.1, SDK defaults) checked field by field — a wrong value is
// a 422 naming the field — and mapped onto the native task body (/api/v1/tasks, agent.md §7) and the
// sessions.md session it runs in. Cloud-only features are 403 "not available locally"; the flags the
// official SDK sends on every call (captcha solver, adblock, recording) are accepted (compat.md).
import { invalid, notLocal } from './http.ts';

export type Device = 'desktop' | 'desktop-lg' | 'mobile';

/** compat.md "Smooth": the device sizes; mobile also gets touch and a mobile user agent. */
export const DEVICES: Record<Device, { width: number; height: number; mobile: boolean }> = {
  desktop: { width: 1280, height: 800, mobile: false },
  'desktop-lg': { width: 1920, height: 1080, mobile: false },
  mobile: { width: 390, height: 844, mobile: true },
};
const MOBILE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** The native task allows at most this many steps; Smooth's 101..128 run with this cap (said in the task's events). */
export const NATIVE_MAX_STEPS = 100;

export interface SmoothRequest {
  task: string | null;
  agent: 'smooth' | 'smooth-lite';
  maxSteps: number;
  responseModel?: Record<string, unknown>;
  url?: string;
  metadata?: Record<string, unknown>;
  files: string[];
  device: Device;
  allowedUrls?: string[];
  profileId?: string;
  profileReadOnly: boolean;
  stealthMode: boolean;
  proxyServer?: string;
  customTools: { name: string; description: string; parameters: Record<string, unknown> }[];
  enableRecording: boolean;
  /** Lines for the task's events: what was accepted but is not done locally. */
  notes: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function optBool(body: Record<string, unknown>, field: string, fallback: boolean): boolean {
  const v = body[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw invalid(field, 'must be true or false');
  return v;
}

function optString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw invalid(field, 'must be a non-empty string');
  return v;
}

function stringList(body: Record<string, unknown>, field: string): string[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '')) throw invalid(field, 'must be a list of non-empty strings');
  return v as string[];
}

export function checkUrl(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  let u: URL | null = null;
  try { u = typeof value === 'string' ? new URL(value) : null; } catch { u = null; }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) throw invalid(field, 'must be an absolute http(s) URL, e.g. "https://example.com/"');
  return value as string;
}

export function checkMaxSteps(value: unknown, field = 'max_steps'): number {
  if (value === undefined || value === null) return 32;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 2 || value > 128) throw invalid(field, 'must be a whole number from 2 to 128');
  return value;
}

export function checkResponseModel(value: unknown, field = 'response_model'): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalid(field, 'must be a JSON Schema object, e.g. {"type": "object", "properties": {...}}');
  return value;
}

export function checkMetadata(value: unknown, field = 'metadata'): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalid(field, 'must be an object of variables');
  const keys = Object.keys(value);
  if (keys.length > 16) throw invalid(field, `at most 16 keys (got ${keys.length})`);
  for (const k of keys) {
    const text = typeof value[k] === 'string' ? value[k] as string : JSON.stringify(value[k]);
    if (text.length > 2048) throw invalid(`${field}.${k}`, 'at most 2048 characters');
  }
  return value;
}

/** `inputs` as a JSON Schema object, or the SDK's shorthand {"x": "number"} (every key required). */
export function toolParameters(inputs: unknown, field: string): Record<string, unknown> {
  if (inputs === undefined || inputs === null) return { type: 'object', properties: {} };
  if (!isObject(inputs)) throw invalid(field, 'must be a JSON Schema object or {"name": "type"}');
  if (inputs.type === 'object' || isObject(inputs.properties)) return inputs;
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(inputs)) {
    if (typeof v === 'string') properties[k] = { type: v };
    else if (isObject(v)) properties[k] = v;
    else throw invalid(`${field}.${k}`, 'must be a type name ("string", "number", …) or a JSON Schema');
  }
  return { type: 'object', properties, required: Object.keys(properties) };
}

function customTools(value: unknown): SmoothRequest['customTools'] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('custom_tools', 'must be a list of {name, description, inputs, output}');
  return value.map((t, i) => {
    if (!isObject(t) || typeof t.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(t.name)) {
      throw invalid(`custom_tools[${i}].name`, 'required: letters, digits, _ and - (at most 64)');
    }
    const output = typeof t.output === 'string' && t.output ? ` It returns: ${t.output}` : '';
    return { name: t.name, description: `${typeof t.description === 'string' ? t.description : ''}${output}`, parameters: toolParameters(t.inputs, `custom_tools[${i}].inputs`) };
  });
}

export function parseTaskRequest(body: Record<string, unknown>): SmoothRequest {
  if (!('task' in body)) throw invalid('task', 'required: the task in plain language, or null to open a session driven by events');
  const task = body.task;
  if (task !== null && (typeof task !== 'string' || task.trim() === '')) throw invalid('task', 'must be a non-empty string, or null to open a session');
  if (Array.isArray(body.certificates) ? body.certificates.length > 0 : body.certificates != null) throw notLocal('certificates (client certificates)');
  if (Array.isArray(body.extensions) ? body.extensions.length > 0 : body.extensions != null) throw notLocal('extensions (browser extensions)');
  const agent = body.agent ?? 'smooth';
  if (agent !== 'smooth' && agent !== 'smooth-lite') throw invalid('agent', 'must be "smooth" or "smooth-lite"');
  const device = (body.device ?? 'desktop') as Device;
  if (!(device in DEVICES)) throw invalid('device', 'must be "desktop", "desktop-lg" or "mobile"');
  const profileId = optString(body, 'profile_id');
  const profileReadOnly = optBool(body, 'profile_read_only', false);
  if (profileReadOnly && !profileId) throw invalid('profile_read_only', 'needs profile_id (the profile to read)');
  const notes: string[] = [];
  if (optBool(body, 'use_captcha_solver', true)) notes.push('use_captcha_solver: the captcha solver is not available locally; captchas are left to the agent');
  optBool(body, 'use_adblock', true);
  const enableRecording = optBool(body, 'enable_recording', true);
  optBool(body, 'show_cursor', false);
  const maxSteps = checkMaxSteps(body.max_steps);
  if (maxSteps > NATIVE_MAX_STEPS) notes.push(`max_steps ${maxSteps}: abpd runs at most ${NATIVE_MAX_STEPS} steps`);
  const proxyServer = optString(body, 'proxy_server');
  if (body.proxy_username != null || body.proxy_password != null) notes.push('proxy_username/proxy_password: proxy credentials are not sent locally; use a proxy that needs none');
  const files = stringList(body, 'files') ?? [];
  return {
    task: task as string | null, agent, maxSteps, device, files, profileId, profileReadOnly, proxyServer, notes, enableRecording,
    responseModel: checkResponseModel(body.response_model), url: checkUrl(body.url, 'url'), metadata: checkMetadata(body.metadata),
    allowedUrls: stringList(body, 'allowed_urls'), stealthMode: optBool(body, 'stealth_mode', false), customTools: customTools(body.custom_tools),
  };
}

/** The sessions.md session (POST /api/v1/sessions body) a Smooth task or session runs in. */
export function sessionBody(r: SmoothRequest): Record<string, unknown> {
  const d = DEVICES[r.device];
  const policies: Record<string, unknown> = {};
  if (r.allowedUrls) policies.allowed_urls = r.allowedUrls;
  if (r.stealthMode) policies.stealth_mode = true;
  return {
    labels: { compat: 'smooth', device: r.device },
    viewport: { width: d.width, height: d.height, ...(d.mobile ? { mobile: true } : {}) },
    ...(d.mobile ? { user_agent: MOBILE_UA } : {}),
    ...(Object.keys(policies).length ? { policies } : {}),
    ...(r.profileId ? { profile_id: r.profileId, profile_read_only: r.profileReadOnly } : {}),
    ...(r.proxyServer ? { proxy: r.proxyServer } : {}),
  };
}

/** The native task body for a task (a one-shot, or a run_task inside a session when sessionId is set). */
export function nativeTaskBody(t: { task: string; maxSteps: number; agent: SmoothRequest['agent']; responseModel?: Record<string, unknown>; url?: string;
  metadata?: Record<string, unknown>; customTools: SmoothRequest['customTools']; secrets?: Record<string, unknown> }, where: { sessionId: string } | { session: Record<string, unknown> }): Record<string, unknown> {
  return {
    task: t.task, max_steps: Math.min(t.maxSteps, NATIVE_MAX_STEPS), model: t.agent === 'smooth-lite' ? 'fast' : 'default',
    ...(t.url ? { url: t.url } : {}), ...(t.responseModel ? { schema: t.responseModel } : {}), ...(t.metadata ? { data: t.metadata } : {}),
    ...(t.secrets ? { secrets: t.secrets } : {}),
    ...(t.customTools.length ? { custom_tools: t.customTools } : {}),
    ...('sessionId' in where ? { session_id: where.sessionId } : { session: where.session }),
  };
}
