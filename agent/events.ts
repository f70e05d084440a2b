// The agent's event vocabulary: Tabstack/Pilo's catalogue (agent-apis.md §1.4.1) is the internal
// one; compat surfaces map it onto their own shapes. Payloads are camelCase, as Tabstack sends them.

export type AgentEventType =
  | 'task:setup' | 'task:started' | 'task:completed' | 'task:aborted' | 'task:validated' | 'task:validation_error'
  | 'task:metrics' | 'task:metrics_incremental'
  | 'ai:generation' | 'ai:generation:error'
  | 'agent:step' | 'agent:processing' | 'agent:status' | 'agent:reasoned' | 'agent:action' | 'agent:extracted' | 'agent:waiting'
  | 'browser:action_started' | 'browser:action_completed' | 'browser:navigated' | 'browser:screenshot_captured'
  | 'system:debug_tool_drop'
  | 'interactive:form_data:request' | 'interactive:form_data:error'
  | 'agent:question' | 'tool_call' | 'hitl:approval_pending'
  | 'firewall:blocked' | 'firewall:blocked_non_interactive'
  | 'complete' | 'done' | 'error';

export type EmitEvent = (type: AgentEventType, data: Record<string, unknown>) => void;

export type TaskErrorCode = 'MAX_ITERATIONS' | 'MAX_ERRORS' | 'TASK_ABORTED' | 'TASK_FAILED' | 'TASK_CANCELLED';

export interface TaskStats {
  actions: number;
  iterations: number;
  durationMs: number;
  startTime: number;
  endTime: number;
  modelCalls: number;
  inputTokens: number;
  outputTokens: number;
}

export interface TaskOutcome {
  success: boolean;
  answer: string | null;
  result?: unknown;
  error?: { code: TaskErrorCode; message: string };
  stats: TaskStats;
}
