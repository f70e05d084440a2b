// The HITL payment gate's look at the page (sessions.md §4), run in abpd's isolated world (a page
// cannot fake the DOM prototypes there): is the target at (x, y) — or the focused element, for a
// key press — payment-related, and what total does the page show near it?
import { evaluateInWorld } from '../../cdp/isolatedWorld.ts';
import type { Tab } from '../tab.ts';

export interface PaymentTarget { payment: boolean; why: string; name: string; amountText: string | null; evidence: string }

/** Accessible names that commit a payment (and common variants). */
const PAY_WORDS = String.raw`\b(pay( now)?|place (your )?order|buy( it)? now|purchase|complete (your )?(order|purchase)|check ?out|confirm (and pay|payment|purchase|order)|subscribe|submit order|order now)\b`;
const TOTAL_WORDS = String.raw`^\s*(order total|grand total|total( due| amount| price)?|amount due|amount to pay|you pay)\b`;

function script(point: { x: number; y: number } | null): string {
  return `(() => {
  const payRe = new RegExp(${JSON.stringify(PAY_WORDS)}, 'i');
  const totalRe = new RegExp(${JSON.stringify(TOTAL_WORDS)}, 'i');
  const moneyRe = /(?:[$€£¥₹]\\s?\\d[\\d.,\\s]*|\\d[\\d.,]*\\s?(?:USD|EUR|GBP|CHF|CAD|AUD|JPY|INR|€|\\$|£))/i;
  let el = ${point ? `document.elementFromPoint(${point.x}, ${point.y})` : 'document.activeElement'};
  const start = el;
  while (el && el !== document.body && !el.matches('button, a[href], input[type=submit], input[type=button], input[type=image], [role=button], [role=link], summary')) el = el.parentElement;
  const target = el && el !== document.body ? el : start;
  if (!target) return { payment: false, why: 'nothing at the point', name: '', amountText: null, evidence: '' };
  const name = (target.getAttribute('aria-label') || target.innerText || target.value || target.getAttribute('title') || target.getAttribute('alt') || '').trim().replace(/\\s+/g, ' ').slice(0, 200);
  const form = target.closest('form') || (target.form instanceof HTMLFormElement ? target.form : null);
  const submits = form && (target.matches('button:not([type=button]):not([type=reset]), input[type=submit], input[type=image]') || ${point ? 'false' : 'true'});
  const card = form ? form.querySelector('[autocomplete~="cc-number"], [autocomplete~="cc-exp"], [autocomplete~="cc-csc"]') : null;
  let why = '';
  if (payRe.test(name)) why = 'name "' + name + '"';
  else if (submits && card) why = 'submits a form with card fields';
  if (!why) return { payment: false, why: '', name, amountText: null, evidence: '' };
  const scope = target.closest('form, dialog, [role=dialog], main, section, aside, article, [role=region]') || document.body;
  const find = (root) => {
    const all = root.querySelectorAll('*');
    for (const node of all) {
      const own = [...node.childNodes].filter((c) => c.nodeType === 3).map((c) => c.textContent).join(' ').trim();
      if (!own || !totalRe.test(own)) continue;
      const hay = [own, node.parentElement ? node.parentElement.innerText : '', node.nextElementSibling ? node.nextElementSibling.innerText : ''];
      for (const text of hay) { const m = moneyRe.exec(text || ''); if (m) return { amount: m[0], evidence: (node.parentElement ? node.parentElement.innerText : own).trim().replace(/\\s+/g, ' ').slice(0, 200) }; }
    }
    return null;
  };
  const found = find(scope) || (scope !== document.body ? find(document.body) : null);
  return { payment: true, why, name, amountText: found ? found.amount : null, evidence: found ? found.evidence : name };
})()`;
}

export async function classifyTarget(tab: Tab, point: { x: number; y: number } | null): Promise<PaymentTarget> {
  const value = await evaluateInWorld(tab.page.session, tab.page.mainFrameId, script(point), 3_000);
  return value as PaymentTarget;
}

const SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR' };

/** "$250.00" → 25000 USD; "1.234,56 €" → 123456 EUR; null when it cannot be read as money. */
export function parseAmount(text: string | null): { cents: number; currency: string } | null {
  if (!text) return null;
  const code = /\b(USD|EUR|GBP|CHF|CAD|AUD|JPY|INR)\b/i.exec(text)?.[1]?.toUpperCase();
  const symbol = /[$€£¥₹]/.exec(text)?.[0];
  const currency = code ?? (symbol ? SYMBOLS[symbol]! : 'USD');
  const digits = /\d[\d.,\s]*/.exec(text)?.[0].replace(/\s/g, '') ?? '';
  if (!digits) return null;
  // The last separator followed by exactly two digits is the decimal one ("1,234.56", "1.234,56").
  const m = /^(.*?)[.,](\d{2})$/.exec(digits);
  const whole = (m ? m[1]! : digits).replace(/[.,]/g, '');
  if (!/^\d+$/.test(whole)) return null;
  const cents = Number(whole) * 100 + (m ? Number(m[2]) : 0);
  return Number.isSafeInteger(cents) ? { cents, currency } : null;
}
