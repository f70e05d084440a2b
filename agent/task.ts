// A task as the loop takes it (agent.md §7's body, already validated) and what it needs from the
// daemon besides the browser: events out, the pause gate, and the client's answers in.
import type { EmitEvent } from './events.ts';
import type { SecretEntry } from './protect.ts';

export interface CustomToolSpec { name: string; description: string; parameters: Record<string, unknown>; timeoutMs?: number }

export interface TaskSpec {
  task: string;
  url?: string;
  data?: Record<string, unknown>;
  secrets?: Record<string, string | SecretEntry>;
  guardrails?: string;
  maxSteps: number;
  maxValidationAttempts: number;
  schema?: Record<string, unknown>;
  interactive: boolean;
  customTools: CustomToolSpec[];
  model: 'default' | 'fast';
  deadlineMs: number;
  maxElements: number;
}

export const TASK_DEFAULTS = { maxSteps: 50, maxValidationAttempts: 3, deadlineMs: 15 * 60_000, maxElements: 50, inputTimeoutMs: 120_000 };

export type InputAnswer =
  | { kind: 'answer'; answer: string }
  | { kind: 'fields'; fields: { ref: string; value: string }[] }
  | { kind: 'cancelled' }
  | { kind: 'tool_output'; output: unknown }
  | { kind: 'timeout' };

/** What a pending request waits for: an `{answer}` goes to the pending question. */
export type InputKind = 'question' | 'form' | 'tool';

export interface TaskIO {
  emit: EmitEvent;
  /** Resolves at once unless the task is paused; then when it is resumed (or the signal aborts). */
  gate(signal: AbortSignal): Promise<void>;
  /** Waits for the client's answer to a question / form request / custom tool call (by its id). */
  waitForInput(requestId: string, kind: InputKind, timeoutMs: number, signal: AbortSignal): Promise<InputAnswer>;
  /** The task is waiting for a person (status waiting_for_input) or not any more. */
  setWaiting?(waiting: boolean): void;
}
