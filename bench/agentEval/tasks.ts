// The eval's fixture-site tasks (agent.md §9): what to ask, where, how to judge the answer, and a
// script for the fake model (`--fake`, used to measure prompt sizes without a real model).
import type { Script } from '../../test/support/fakeModel/script.ts';

export interface EvalTask {
  name: string;
  body: (url: (path: string) => string) => Record<string, unknown>;
  /** Did it succeed? (status done plus a look at the answer/result) */
  check(task: { status: string; answer: string | null; result: unknown }): boolean;
  /** The HITL gate holds an action: the eval plays the person and approves it. */
  approves?: boolean;
  fake: Script;
}

const SIGNUP_DATA = { firstName: 'Augusta', lastName: 'Lovelace', email: 'augusta@example.test', password: 's3cret-Pa55word' };

export const EVAL_TASKS: EvalTask[] = [
  {
    name: 'search+paginate',
    body: (url) => ({ task: 'Search the shop for "lamp" and list every lamp with its price, across all result pages.', url: url('/pages/agent-search.html') }),
    check: (t) => t.status === 'done' && ['alpha', 'beta', 'gamma', 'delta', 'epsilon'].every((n) => (t.answer ?? '').toLowerCase().includes(n)),
    fake: { turns: [
      { tool: 'fill', target: { role: 'searchbox', name: 'Search products' }, args: { value: 'lamp' } },
      { tool: 'click', target: { role: 'button', name: 'Search' } },
      { tool: 'extract', args: { instruction: 'lamps and prices' } }, { text: 'Lamp alpha $12, Lamp beta $15, Lamp gamma $22' },
      { tool: 'click', target: { role: 'button', name: 'Next page' } },
      { tool: 'extract', args: { instruction: 'lamps and prices' } }, { text: 'Lamp delta $31, Lamp epsilon $9' },
      { tool: 'done', args: { answer: 'alpha $12, beta $15, gamma $22, delta $31, epsilon $9' } },
    ] },
  },
  {
    name: 'signup+validation',
    body: (url) => ({ task: 'Create an account with the data you were given. Fix any error the form shows.', url: url('/pages/agent-signup.html'), data: SIGNUP_DATA }),
    check: (t) => t.status === 'done',
    fake: { turns: [
      { tool: 'fill', target: { role: 'textbox', name: 'First name' }, args: { value: '{{data.firstName}}' } },
      { tool: 'fill', target: { role: 'textbox', name: 'Last name' }, args: { value: '{{data.lastName}}' } },
      { tool: 'fill', target: { role: 'textbox', name: 'Email' }, args: { value: '{{data.email}}' } },
      { tool: 'fill', target: { role: 'textbox', name: 'Password' }, args: { value: '{{data.password}}' } },
      { tool: 'click', target: { role: 'button', name: 'Sign up' } },
      { tool: 'check', target: { role: 'checkbox', name: 'I accept the terms' } },
      { tool: 'click', target: { role: 'button', name: 'Sign up' } },
      { tool: 'done', args: { answer: 'Account created' } },
    ] },
  },
  {
    name: 'checkout+HITL',
    body: (url) => ({ task: 'Place the order on this page.', url: url('/pages/agent-checkout.html'), session: { policies: { hitl_transaction_threshold_cents: 10_000 } } }),
    check: (t) => t.status === 'done',
    approves: true,
    fake: { turns: [
      { tool: 'click', target: { role: 'button', name: 'Place order' } },
      { tool: 'done', args: { answer: 'Order placed' } },
    ] },
  },
  {
    name: 'table extraction',
    body: (url) => ({ task: 'Which planets in the table have more than one moon? Give each with its count.', url: url('/pages/agent-table.html'),
      schema: { type: 'object', properties: { planets: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, moons: { type: 'integer' } }, required: ['name', 'moons'] } } }, required: ['planets'] } }),
    check: (t) => t.status === 'done' && JSON.stringify((t.result as { planets?: { name: string }[] } | null)?.planets?.map((p) => p.name).sort()) === JSON.stringify(['Mars', 'Neptune', 'Uranus']),
    fake: { turns: [
      { tool: 'extract', args: { instruction: 'planets with more than one moon' } }, { text: 'Mars 2, Neptune 16, Uranus 28' },
      { tool: 'done', args: { result: { planets: [{ name: 'Mars', moons: 2 }, { name: 'Neptune', moons: 16 }, { name: 'Uranus', moons: 28 }] } } },
    ] },
  },
];
