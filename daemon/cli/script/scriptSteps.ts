// The steps that belong to scripts alone (not routes), named and described without loading the
// daemon, so `abpd run --help` stays cheap. Their schemas live in steps.ts.
export const SCRIPT_STEP_SUMMARIES = {
  expect: 'check the page: text, not_text, selector, url, title, js (fails the step when false)',
  new_tab: 'open a tab (and load url in it, as a navigate action); later steps use it',
  switch_tab: 'make later steps use another tab: {index} among the tabs this script opened, or {id}',
  close_tab: 'close the current tab; later steps use the tab opened before it',
} as const;
export type ScriptStepName = keyof typeof SCRIPT_STEP_SUMMARIES;
