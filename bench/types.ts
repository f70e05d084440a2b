// The vocabulary shared by the scenario table, the two drivers and the report.

/** One user-level step, expressed once and translated by each driver (abpd REST, Playwright). */
export type Step =
  | { kind: 'click'; x: number; y: number }
  | { kind: 'type'; text: string }
  | { kind: 'scroll'; x: number; y: number; deltaY: number }
  | { kind: 'screenshot'; markup?: boolean }
  | { kind: 'navigate'; path: string };

export interface Scenario {
  name: string;
  /** One line for the report. */
  what: string;
  /** Fixture page every tab is reset to before each run (not timed). */
  page: string;
  /** Tabs acting at once; each runs the same step (default 1). */
  tabs?: number;
  /** Untimed page script run after the reset (e.g. focusing the input that `type` types into). */
  prepare?: string;
  step: Step;
  /** Page expression that is true when the page reached its final state; evaluated right after the step. */
  check: string;
  /** The scroll metrics reported with the after-frame must show the final position too. */
  scrollY?: number;
  variants: VariantId[];
}

export type VariantId = 'abpd' | 'abpd-jpeg' | 'abpd-plain' | 'abpd-cold' | 'abpd-cold-plain' | 'pw' | 'pw-load' | 'pw-oracle';

/** How one variant differs: which backend, which image format, which wait (Playwright). */
export interface Variant {
  id: VariantId;
  backend: 'abpd' | 'pw';
  label: string;
  /** abpd: the request's `screenshot` field (markup is added by the step). */
  screenshot?: { format?: 'webp' | 'jpeg' | 'png'; markup?: 'none' };
  /** Playwright: the generic wait after the action, or `oracle`: waitForFunction(the scenario's check), a
   * hand-written page-specific wait no generic client has (shown for reference, never the baseline). */
  wait?: 'networkidle' | 'load' | 'oracle';
  /** abpd: the step is the first look at the page (no earlier after-frame), so the before-frame is
   *  captured, not reused. */
  cold?: boolean;
}

export interface ScrollMetrics { scrollX: number; scrollY: number; pageWidth: number; pageHeight: number; viewportWidth: number; viewportHeight: number }

/** What one run of one variant produced. */
export interface Sample {
  latencyMs: number;
  correct: boolean;
  /** abpd: the JSON envelope(s) as received; Playwright: the two screenshots. */
  bytes: number;
  /** abpd: the envelope's `profiling` plus derived fields; Playwright: its own phases. */
  phases: Record<string, number>;
  /** Why the run counts as wrong (first failing tab), for the report. */
  wrong?: string;
}

/** One browser behind one API; `reset` and the correctness check are not timed. */
export interface Backend {
  /** Makes sure at least `tabs` tabs exist; runs use the first `tabs` of them. */
  ensureTabs(tabs: number): Promise<void>;
  /** Back to the scenario's page; abpd then takes the untimed look an agent took at it (the
   *  previous step's after-frame), unless the variant is `cold`. */
  reset(scenario: Scenario, variant: Variant): Promise<void>;
  /** Runs the step on every tab at once; latency is the wall time until the last tab's envelope. */
  run(scenario: Scenario, variant: Variant): Promise<Sample>;
  close(): Promise<void>;
}
