// The native task events (agent/events.ts: already Tabstack's catalogue, camelCase, with
// `timestamp`) as the /automate stream sends them: each gets `iterationId` ("setup" before the first
// step), `done` is exactly `{}`, and the few native events with no Tabstack counterpart (questions,
// approvals, guardrail blocks, custom tools) become `agent:status` lines or are dropped.

export interface OutEvent { event: string; data: Record<string, unknown> }

export interface StreamState {
  iterationId: string;
  /** Native question ids to answer at once (Tabstack has no way to ask the client a question). */
  questions: string[];
  /** Interactive requests the stream saw (requestId), for the input route. */
  formRequests: string[];
}

export function newStreamState(): StreamState {
  return { iterationId: 'setup', questions: [], formRequests: [] };
}

/** Tabstack's `complete.error.code` values; a cancel (the client went away) is an abort there. */
const CODES = new Set(['TASK_ABORTED', 'MAX_ITERATIONS', 'MAX_ERRORS', 'TASK_FAILED']);

function status(state: StreamState, message: string, timestamp: unknown): OutEvent {
  return { event: 'agent:status', data: { message, timestamp: timestamp ?? Date.now(), iterationId: state.iterationId } };
}

export function mapEvent(state: StreamState, type: string, data: Record<string, unknown>): OutEvent[] {
  if (type === 'done') return [{ event: 'done', data: {} }];
  if (type === 'agent:step') state.iterationId = `iteration-${String(data.currentIteration ?? 0)}`;
  const ts = data.timestamp;
  switch (type) {
    case 'tool_call':
      return [];
    case 'agent:question':
      state.questions.push(String(data.requestId));
      return [status(state, `The agent asked: ${String(data.question)} (this API has no way to answer; it goes on without an answer)`, ts)];
    case 'hitl:approval_pending':
      return [status(state, `Waiting for a person to approve ${String(data.action)} (approval ${String(data.approvalId)}) in the abpd viewer`, ts)];
    case 'firewall:blocked':
      return [status(state, `Blocked by guardrail: ${String(data.rule ?? '')}${data.reason ? ` (${String(data.reason)})` : ''}`, ts)];
    case 'interactive:form_data:request':
      state.formRequests.push(String(data.requestId));
      break;
    case 'complete': {
      const error = data.error as { code?: string; message?: string } | undefined;
      if (error && !CODES.has(String(error.code))) {
        return [{ event: type, data: { ...data, error: { code: 'TASK_ABORTED', message: error.message ?? String(error.code) }, iterationId: state.iterationId } }];
      }
      break;
    }
  }
  return [{ event: type, data: { ...data, iterationId: state.iterationId } }];
}

/** Tabstack's `agent:status` for a geo_target it cannot honour locally (compat.md "Tabstack"). */
export function geoTargetIgnored(state: StreamState, geo: { country: string }): OutEvent {
  return status(state, `geo_target ${JSON.stringify(geo)} ignored: abpd browses from this machine, with no proxies by country`, Date.now());
}
