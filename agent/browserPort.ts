// The only way the agent touches a browser (house.md: agent/ imports none of cdp/, markup/,
// daemon/). The daemon implements it by calling its own routes in-process (daemon/tasks/), so
// session policies, the HITL gate, history and vendor surfaces see every call the agent makes.

export interface Observation {
  url: string;
  title: string;
  /** The semantic text form (semantic.md §1): one `[agent_id] role "name" …` line per element. */
  text: string;
  image?: { data: string; mediaType: string };
}

/** What the firewall needs to know about a target (as much as the observer can tell). */
export interface ElementInfo {
  agentId: string;
  role: string;
  name: string;
  /** `type` of an <input>/<button> (submit, password, …) when known. */
  inputType?: string;
  /** Host of the form the element submits, when it is in a form with an action. */
  formActionHost?: string;
  inForm?: boolean;
}

export type ElementAction = 'click' | 'fill' | 'select' | 'hover' | 'check' | 'uncheck' | 'focus' | 'press' | 'scroll';

export interface ActRequest {
  agentId: string;
  action: ElementAction;
  value?: string;
  key?: string;
  direction?: 'up' | 'down' | 'left' | 'right';
}

/** A browser call's outcome as the model will read it: short text; `ok` false counts as a failed action. */
export interface ActOutcome {
  ok: boolean;
  text: string;
  /** Error code from the route (ELEMENT_NOT_FOUND, INTERSTITIAL_BLOCKED, HITL_THRESHOLD_EXCEEDED…). */
  code?: string;
  /** Set when the action changed the document. */
  navigated?: { url: string; title: string };
  /** The HITL gate held the action (sessions.md §4): the loop waits for approval. */
  approvalId?: string;
}

export interface BrowserPort {
  observe(options: { maxElements: number; focusId?: string; withImage: boolean; signal: AbortSignal }): Promise<Observation>;
  act(request: ActRequest, signal: AbortSignal): Promise<ActOutcome>;
  describe(agentId: string, signal: AbortSignal): Promise<ElementInfo | null>;
  goto(url: string, signal: AbortSignal): Promise<ActOutcome>;
  back(signal: AbortSignal): Promise<ActOutcome>;
  forward(signal: AbortSignal): Promise<ActOutcome>;
  /** Lets the page run for that long (it is paused between actions otherwise). */
  wait(seconds: number, signal: AbortSignal): Promise<ActOutcome>;
  scrollPage(direction: 'up' | 'down', signal: AbortSignal): Promise<ActOutcome>;
  /** The page's readable text, for extract. */
  pageText(signal: AbortSignal): Promise<string>;
  /** The current URL (secrets are only substituted on matching pages). */
  currentUrl(): string;
  /** Waits for a held HITL approval to be decided; resolves with the outcome of the held action. */
  awaitApproval?(approvalId: string, signal: AbortSignal): Promise<ActOutcome>;
}
