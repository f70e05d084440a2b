// The hard guardrails (agent.md §5): phrases in the client's guardrail text and the mode become
// deterministic rules checked before dispatch. A blocked action never reaches the page.
import type { ElementInfo } from './browserPort.ts';

export interface FirewallRules {
  noSubmit: boolean;
  noPurchase: boolean;
  /** Hosts the task may not leave ("stay on example.com"). */
  stayOn: string[];
  interactive: boolean;
}

export interface Blocked {
  event: 'firewall:blocked' | 'firewall:blocked_non_interactive';
  rule: string;
  message: string;
  data: Record<string, unknown>;
}

const SUBMIT_WORDS = /\b(submit|send|sign ?up|register|subscribe|create account|save|post|apply|continue|confirm|next step|log ?in|sign ?in)\b/i;
const PAYMENT_WORDS = /\b(pay|buy|purchase|place order|complete order|checkout|check out|add to (cart|basket|bag)|confirm payment|order now)\b/i;

export function parseGuardrails(text: string | undefined, interactive: boolean): FirewallRules {
  const t = (text ?? '').toLowerCase();
  const noSubmit = /\b(do not|don't|dont|never|no)\s+(submit|send|post)\b/.test(t)
    || /\b(browse|extract|read|look)[\s/-]*(and|&|or|\/)?\s*(extract|browse|read)?\s+only\b/.test(t)
    || /\bonly\s+(browse|extract|read)\b/.test(t) || /\bwithout submitting\b/.test(t) || /\bread[- ]only\b/.test(t);
  const noPurchase = /\b(do not|don't|dont|never|no)\s+(purchase|buy|pay|check ?out|add (anything |items? )?to (the )?(cart|basket))\b/.test(t);
  const stayOn = [...t.matchAll(/\bstay on ([a-z0-9.-]+\.[a-z0-9-]+|localhost)(?::\d+)?/g)].map((m) => m[1]!.replace(/\.$/, ''));
  return { noSubmit, noPurchase, stayOn, interactive };
}

function isSubmitTarget(el: ElementInfo | null, action: string): boolean {
  if (!el) return false;
  if (action === 'press' || action === 'enter') return el.inForm === true || /textbox|searchbox|combobox/.test(el.role);
  if (el.inputType === 'submit' || el.inputType === 'image') return true;
  return /button|link/.test(el.role) && (SUBMIT_WORDS.test(el.name) || PAYMENT_WORDS.test(el.name) || (el.role === 'button' && el.inForm === true));
}

function hostOf(url: string): string | null {
  try { return new URL(url).hostname; } catch { return null; }
}

function hostAllowed(host: string, allowed: string[]): boolean {
  return allowed.some((a) => host === a || host.endsWith(`.${a}`));
}

/** Checks one browser action; null = allowed. `pageUrl` is where the action happens. */
export function checkAction(rules: FirewallRules, action: string, target: ElementInfo | null, args: { url?: string; value?: string; pageUrl: string }): Blocked | null {
  const clicky = action === 'click' || action === 'enter' || action === 'press';
  if (clicky && target) {
    if (rules.noPurchase && PAYMENT_WORDS.test(target.name)) {
      return block('no purchase', `"${target.name}" looks like a purchase and the guardrails forbid buying`, target);
    }
    if (rules.noSubmit && isSubmitTarget(target, action)) {
      return block('no submit', `${action} on ${target.role} "${target.name}" would submit a form and the guardrails forbid submitting`, target);
    }
  }
  if (action === 'goto' && args.url && rules.stayOn.length) {
    const host = hostOf(args.url);
    if (!host || !hostAllowed(host, rules.stayOn)) return block(`stay on ${rules.stayOn.join(', ')}`, `${args.url} is off the allowed hosts`, null);
  }
  if (!rules.interactive && target) {
    const pageHost = hostOf(args.pageUrl);
    if (action === 'fill' && target.inputType === 'password' && args.value !== undefined && !/\{\{\s*(data|secret)\./.test(args.value)) {
      return nonInteractive('freeform-fill', 'filling a password field with a value the model wrote is not allowed without interactive mode', pageHost, []);
    }
    if (clicky && target.formActionHost && pageHost && target.formActionHost !== pageHost && isSubmitTarget(target, action)) {
      return nonInteractive('form-submission', `the form posts to ${target.formActionHost}, another host than ${pageHost}`, pageHost, [target.formActionHost]);
    }
  }
  return null;
}

function block(rule: string, why: string, target: ElementInfo | null): Blocked {
  return { event: 'firewall:blocked', rule, message: `blocked by guardrail: ${rule} (${why})`, data: { rule, reason: why, ref: target?.agentId } };
}

function nonInteractive(kind: 'freeform-fill' | 'form-submission', reason: string, pageHostname: string | null, formActionHostnames: string[]): Blocked {
  return {
    event: 'firewall:blocked_non_interactive', rule: `non-interactive ${kind}`, message: `blocked by guardrail: non-interactive ${kind} (${reason})`,
    data: { reason, kind, pageHostname, formActionHostnames, remediations: [
      ...(formActionHostnames.length ? [{ type: 'add-trusted-hostnames', hostnames: formActionHostnames, description: 'trust these hosts in the guardrails' }] : []),
      { type: 'enable-interactive-mode', description: 'run the task with interactive: true so a person supplies the values' },
    ] },
  };
}
