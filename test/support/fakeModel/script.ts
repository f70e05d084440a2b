// What a test tells the fake model to answer (agent.md §9): a list of turns, or a function of the
// request. A turn names its target by role + name; it is resolved to the agent_id printed in the
// request's observation (`[agent_id] role "name"` lines), so scripts never hard-code ids.

export interface Target { role?: string; name: string | RegExp }

export type Turn =
  | { tool: string; target?: Target; args?: Record<string, unknown>; reasoning?: string; also?: { tool: string; args?: Record<string, unknown> }[] }
  | { text: string }
  /** A structured answer (extract with a schema); plan and validation have defaults below. */
  | { object: unknown }
  | { fault: 'rate_limit'; retryAfterS?: number }
  | { fault: 'server_error' }
  /** Never answers (until the client gives up). */
  | { fault: 'hang' }
  /** A tool call whose arguments are not JSON. */
  | { fault: 'malformed'; tool: string };

/** What the fake saw, in a provider-neutral form (the raw body is kept too). */
export interface ModelRequest {
  format: 'openai' | 'anthropic';
  path: string;
  headers: Record<string, string>;
  body: Record<string, any>;
  raw: string;
  at: number;
  /** plan / validate (recognised by their schema), extract (another schema), step (tools offered), other. */
  kind: 'plan' | 'validate' | 'extract' | 'step' | 'other';
  system: string;
  /** Text of the last user (or tool-result) message: the current observation lives here. */
  lastUserText: string;
  toolNames: string[];
  schema?: Record<string, any>;
  stream: boolean;
}

export type ScriptFn = (req: ModelRequest, index: number) => Turn;

export interface Script {
  turns?: Turn[] | ScriptFn;
  /** Answers to plan calls (default: a one-line plan). */
  plan?: unknown;
  /** Answers to validation calls, in order (default: complete). */
  validations?: unknown[];
}

export interface ResolvedTurn {
  turn: Turn;
  /** Tool arguments with `ref` filled from the target. */
  args?: Record<string, unknown>;
}

const ELEMENT_LINE = /\[([^\]\s]+)\]\s+(\S+)\s+"((?:[^"\\]|\\.)*)"/g;

export function elementsIn(text: string): { id: string; role: string; name: string }[] {
  return [...text.matchAll(ELEMENT_LINE)].map((m) => ({ id: m[1]!, role: m[2]!, name: m[3]! }));
}

/** The agent_id of the first element of that role and name in the text (the last observation wins). */
export function resolveTarget(text: string, target: Target): string | null {
  const found = elementsIn(text).filter((e) => (!target.role || e.role === target.role)
    && (typeof target.name === 'string' ? e.name.toLowerCase() === target.name.toLowerCase() : target.name.test(e.name)));
  return found[0]?.id ?? null;
}

export function describeTarget(target: Target): string {
  return `${target.role ?? 'any role'} "${String(target.name)}"`;
}

export const DEFAULT_PLAN = { plan: 'Look at the page, act on the elements the task names, then answer.', successCriteria: 'The task is done and the answer is given.', actionItems: ['act', 'answer'] };
export const DEFAULT_VALIDATION = { completionQuality: 'complete', observation: 'The answer matches the task.', feedback: '' };
