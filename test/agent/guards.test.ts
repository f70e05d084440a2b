// agent/protect.ts and agent/firewall.ts on their own (agent.md §4, §5): what the model may see of
// data and secrets, where a secret may be typed, and which guardrail phrases become hard rules.
import { describe, expect, it } from 'vitest';
import { checkAction, parseGuardrails } from '../../agent/firewall.ts';
import { ProtectedValues } from '../../agent/protect.ts';

describe('protected values', () => {
  const p = new ProtectedValues({ user: { email: 'jo@example.test' }, city: 'Lisbon' },
    { pin: { value: '918273', allowedUrls: ['https://bank.test/*'] } });
  it('describes keys with types and lengths, never values', () => {
    const text = p.describe();
    expect(text).toContain('{{data.user.email}}: email, 15 chars');
    expect(text).toContain('{{secret.pin}}: secret, 6 chars, only on https://bank.test/*');
    expect(text).not.toMatch(/jo@example|Lisbon|918273/);
  });
  it('substitutes at dispatch; a secret only on its allowed URLs; unknown keys are errors', () => {
    expect(p.substitute('{{data.city}}', 'http://x.test/').value).toBe('Lisbon');
    expect(p.substitute('{{secret.pin}}', 'https://bank.test/login').value).toBe('918273');
    const off = p.substitute('{{secret.pin}}', 'https://evil.test/');
    expect(off.error).toContain('may only be used on https://bank.test/*');
    expect(off.value).toBe('{{secret.pin}}');
    expect(p.substitute('{{data.nope}}', 'http://x.test/').error).toContain('{{data.city}}');
  });
  it('scrubs every occurrence of a value from text bound for the model', () => {
    p.addInteractive('Rua Augusta 1');
    expect(p.scrub('Hello jo@example.test from Lisbon, PIN 918273, Rua Augusta 1')).toBe('Hello {{data.user.email}} from {{data.city}}, PIN •••, •••');
  });
  it('scrubs the spellings a page echoes: a GET form\'s URL (percent and + encoded), JSON and HTML escapes', () => {
    p.addInteractive('Tom & "Jo" Ltd');
    expect(p.scrub('http://x.test/signup?email=jo%40example.test&addr=Rua+Augusta+1&a2=Rua%20Augusta%201')).toBe('http://x.test/signup?email={{data.user.email}}&addr=•••&a2=•••');
    expect(p.scrub('{"name":"Tom & \\"Jo\\" Ltd"} <b>Tom &amp; &quot;Jo&quot; Ltd</b>')).toBe('{"name":"•••"} <b>•••</b>');
  });
});

describe('guardrail firewall', () => {
  const button = { agentId: 'sign_up_btn', role: 'button', name: 'Sign up', inForm: true };
  it('turns phrases into rules', () => {
    expect(parseGuardrails('Browse and extract only.', false)).toMatchObject({ noSubmit: true, noPurchase: false });
    expect(parseGuardrails('please do not submit anything', false).noSubmit).toBe(true);
    expect(parseGuardrails("Don't add to cart. Stay on shop.test", false)).toMatchObject({ noPurchase: true, stayOn: ['shop.test'] });
    expect(parseGuardrails('be nice', false)).toMatchObject({ noSubmit: false, noPurchase: false, stayOn: [] });
  });
  it('blocks submits, purchases and leaving the named hosts; allows the rest', () => {
    const rules = parseGuardrails('extract only; do not buy; stay on shop.test', true);
    expect(checkAction(rules, 'click', button, { pageUrl: 'http://shop.test/' })?.message).toMatch(/^blocked by guardrail: no submit/);
    expect(checkAction(rules, 'click', { agentId: 'b', role: 'button', name: 'Buy now' }, { pageUrl: 'http://shop.test/' })?.rule).toBe('no purchase');
    expect(checkAction(rules, 'goto', null, { url: 'http://other.test/', pageUrl: 'http://shop.test/' })?.rule).toBe('stay on shop.test');
    expect(checkAction(rules, 'goto', null, { url: 'http://www.shop.test/a', pageUrl: 'http://shop.test/' })).toBeNull();
    expect(checkAction(rules, 'click', { agentId: 'n', role: 'link', name: 'Page 2' }, { pageUrl: 'http://shop.test/' })).toBeNull();
  });
  it('non-interactive mode: no model-written passwords, no forms posting to another host', () => {
    const rules = parseGuardrails(undefined, false);
    const pw = { agentId: 'pw_txt', role: 'textbox', name: 'Password', inputType: 'password' };
    expect(checkAction(rules, 'fill', pw, { value: 'hunter2', pageUrl: 'http://a.test/' })?.event).toBe('firewall:blocked_non_interactive');
    expect(checkAction(rules, 'fill', pw, { value: '{{secret.pw}}', pageUrl: 'http://a.test/' })).toBeNull();
    const cross = checkAction(rules, 'click', { ...button, formActionHost: 'collector.test' }, { pageUrl: 'http://a.test/' });
    expect(cross?.data).toMatchObject({ kind: 'form-submission', formActionHostnames: ['collector.test'] });
  });
});

describe('compact history', () => {
  it('keeps the last 8 steps one line each and counts the older ones', async () => {
    const { renderHistory } = await import('../../agent/prompts.ts');
    const history = Array.from({ length: 12 }, (_, i) => ({ step: i + 1, action: i % 2 ? 'click [next_btn]' : 'scroll down', outcome: i === 1 ? 'error: ELEMENT_NOT_FOUND' : 'ok' }));
    const lines = renderHistory(history).split('\n');
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe('steps 1-4: 2× scroll, 2× click (1 failed)');
    expect(lines[1]).toBe('5. scroll down → ok');
    expect(lines.at(-1)).toBe('12. click [next_btn] → ok');
  });
});
