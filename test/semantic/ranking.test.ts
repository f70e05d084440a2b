// Ranking within max_elements and the text form's line format (semantic.md §1), on records.
import { describe, expect, it } from 'vitest';
import { SemanticSession } from '../../semantic/session.ts';
import { button, capture, field, form, records, type Spec } from './records.ts';

const opts = (extra: Record<string, unknown> = {}) => ({ max_elements: 50, include_context: true, id_style: 'slug' as const, ...extra });

function longPage(): Spec[] {
  const filler = (n: number, from: number): Spec[] => Array.from({ length: n }, (_, i) => ({ role: 'link', name: `Article ${from + i}`, y: 100 + (from + i) * 30 }));
  return [
    { role: 'main', context: true, children: [
      form('Newsletter', [field('Your email'), button('Subscribe')]),
      ...filler(40, 0),
      { ...form('Contact us', [{ ...field('Name'), y: 1500 }, { ...field('Message'), y: 1530 }, { ...button('Send message', { type: 'submit' }), y: 1560 }]) },
      ...filler(40, 40),
    ] },
    { role: 'contentinfo', context: true, children: [{ role: 'link', name: 'Imprint', y: 3000 }] },
  ];
}

describe('ranking', () => {
  it('max_elements=10 with focus_id in the second form returns that form and its submit', () => {
    const s = new SemanticSession();
    s.observe(capture(records(longPage())), opts(), 'json');
    const o = s.observe(capture(records(longPage())), opts({ max_elements: 10, focus_id: 'message_txt' }), 'both');
    const ids = o.elements!.map((e) => e.agent_id);
    expect(ids.length).toBe(10);
    expect(ids).toEqual(expect.arrayContaining(['name_txt', 'message_txt', 'send_message_btn']));
    expect(o.omitted.reduce((n, x) => n + x.count, 0)).toBe(o.stats.candidates - 10);
    expect(o.text).toMatch(/\n… main: \d+ more/);
    expect(o.text).toMatch(/footer: 1 more \(scroll down\)/);
  });

  it('an open modal wins; its buttons are always included; covered elements rank low', () => {
    const s = new SemanticSession();
    const recs = records([
      ...Array.from({ length: 20 }, (_, i) => button(`Product ${i}`)),
      { role: 'dialog', name: 'Cookies', context: true, states: ['modal'], children: [button('Accept all'), button('Settings'), { role: 'link', name: 'Privacy' }] },
    ]);
    const o = s.observe(capture(recs), opts({ max_elements: 3 }), 'both');
    expect(o.elements!.map((e) => e.agent_id)).toEqual(['accept_all_btn', 'settings_btn', 'privacy_lnk']);
    expect(o.text).toContain('\ndialog "Cookies" (modal)\n  [accept_all_btn] button "Accept all" @');
  });
});

describe('text form', () => {
  it('one line per element: [id] role "name" flags value @x,y, grouped under containers', () => {
    const s = new SemanticSession();
    const recs = records([
      form('Shipping address', [
        { ...field('Full name'), states: ['focused', 'required'] },
        { role: 'textbox', name: 'Password', value: 'hunter2', attrs: { type: 'password' } },
        { role: 'combobox', name: 'Country', value: 'Germany', y: 900 },
        { role: 'row', name: 'Alice', context: true, children: [button('Delete')] },
      ]),
    ]);
    recs[2]!.password = true; // cdp/ marks password fields
    const o = s.observe(capture(recs), opts(), 'both');
    expect(o.text!.split('\n')).toEqual([
      'page: Checkout — http://shop.test/checkout   (obs_1; 4 elements, 4 shown)',
      'form "Shipping address"',
      '  [full_name_txt] textbox "Full name" focused required value="" @60,29',
      '  [password_txt] textbox "Password" value=••• @60,49',
      '  [country_sel] combobox "Country" value="Germany"',
      '  row "Alice"',
      '    [delete_btn] button "Delete" @60,109',
    ]);
    expect(o.elements![1]).toMatchObject({ agent_id: 'password_txt', value: '•••' });
    expect(o.elements![0]).toMatchObject({ kind: 'txt', container: { role: 'form', name: 'Shipping address' }, in_viewport: true,
      center: { x: 60, y: 29 }, actions: expect.arrayContaining(['fill', 'type', 'clear']) });
    const flat = s.observe(capture(recs), opts({ include_context: false, id_style: 'short' }), 'text');
    expect(flat.text!.split('\n')[1]).toBe('  [e2] textbox "Full name" focused required value="" @60,29');
    expect(flat.elements).toBeUndefined();
  });
});
