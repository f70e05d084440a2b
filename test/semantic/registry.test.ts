// The registry's ids and stability rules (semantic.md §2) on element records, without a browser.
import { describe, expect, it } from 'vitest';
import { SemanticSession } from '../../semantic/session.ts';
import type { ElementRecord } from '../../semantic/types.ts';
import { button, capture, field, form, MAIN, records } from './records.ts';

const idsOf = (s: SemanticSession, recs: ElementRecord[]): string[] => recs.filter((r) => r.kind === 'element').map((r) => s.last!.result.byKey.get(r.key)!.id);

describe('ids', () => {
  it('are <slug>_<kind> from the accessible name, else label/placeholder/href/name', () => {
    const s = new SemanticSession();
    const recs = records([
      button('Place order'), field('', { placeholder: 'Your email address here' }), { role: 'link', name: '', attrs: { href: 'http://x.test/help/contact-us.html' } },
      { role: 'checkbox', name: 'Gift wrap' }, { role: 'combobox', name: 'Country' }, { role: 'generic', name: '', attrs: {} },
      { role: 'button', name: 'Überweisung prüfen jetzt sofort' },
    ]);
    s.absorb(capture(recs));
    const ids = idsOf(s, recs);
    expect(ids.slice(0, 5)).toEqual(['place_order_btn', 'your_email_address_txt', 'contact_us_lnk', 'gift_wrap_chk', 'country_sel']);
    expect(ids[5]).toMatch(/^el_[0-9a-f]{4}$/);
    expect(ids[6]).toBe('uberweisung_prufen_jetzt_btn');
  });

  it('identical forms get container-qualified ids; look-alikes in one container get ordinals', () => {
    const s = new SemanticSession();
    const recs = records([
      form('Billing address', [field('Email'), button('Save')]),
      form('Shipping address', [field('Email'), button('Save')]),
      { role: 'list', context: true, children: [button('Delete'), button('Delete')] },
    ]);
    s.absorb(capture(recs));
    expect(idsOf(s, recs)).toEqual(['billing_email_txt', 'billing_save_btn', 'shipping_email_txt', 'shipping_save_btn', 'delete_btn', 'delete_btn_2']);
  });

  it('a third identical button appended keeps _2 (and gets _3)', () => {
    const s = new SemanticSession();
    const a = records([button('Delete', {}), button('Delete')]);
    s.absorb(capture(a));
    const b = [...a, ...records([button('Delete')])].map((r, i) => ({ ...r, order: i }));
    s.absorb(capture(b));
    expect(idsOf(s, b)).toEqual(['delete_btn', 'delete_btn_2', 'delete_btn_3']);
  });

  it('short ids come from the same registry', () => {
    const s = new SemanticSession();
    const recs = records([button('A'), button('B')]);
    s.absorb(capture(recs));
    const e = s.last!.result.byKey.get(recs[1]!.key)!;
    expect(e.short).toBe('e2');
    expect(s.lookup('e2')).toMatchObject({ state: 'live', entry: { id: 'b_btn' } });
  });

  it('non-main frames carry a frame prefix', () => {
    const s = new SemanticSession();
    const recs = [...records([button('Pay')]), ...records([button('Pay', {})], 'CHILD')];
    s.absorb(capture(recs, 'doc1', [{ frameId: 'CHILD', isMain: false, url: 'http://pay.test/', origin: 'http://pay.test', documentId: 'c1' }]));
    expect(idsOf(s, recs)).toEqual(['pay_btn', 'f1.pay_btn']);
  });
});

describe('stability', () => {
  it('same node: the id stays when the label changes, and the element is changed', () => {
    const s = new SemanticSession();
    const recs = records([button('Add to cart')]);
    s.observe(capture(recs), { max_elements: 50, include_context: true, id_style: 'slug' }, 'json');
    const renamed = [{ ...recs[0]!, name: 'Added!' }];
    const o = s.observe(capture(renamed), { max_elements: 50, include_context: true, id_style: 'slug' }, 'both');
    expect(o.elements![0]).toMatchObject({ agent_id: 'add_to_cart_btn', name: 'Added!', status: 'changed' });
    expect(o.text).toContain('~ [add_to_cart_btn] button "Added!"');
  });

  it('re-render (every node replaced): fingerprints rebind every id', () => {
    const s = new SemanticSession();
    const build = () => records([form('Billing address', [field('Email'), button('Save')]), form('Shipping address', [field('Email'), button('Save')]), button('Delete'), button('Delete')]);
    const a = build();
    s.absorb(capture(a));
    const before = idsOf(s, a);
    const b = build(); // new backend node ids
    const r = s.absorb(capture(b));
    expect(idsOf(s, b)).toEqual(before);
    expect(r.rebound.size).toBe(a.length); // the forms (context records) too
  });

  it('a re-rendered, reordered list keeps each Delete id with its row', () => {
    const s = new SemanticSession();
    const row = (who: string) => ({ role: 'row', name: `${who} Delete`, context: true, children: [button('Delete')] });
    const a = records([row('Alice'), row('Bob'), row('Carol')]);
    s.absorb(capture(a));
    expect(idsOf(s, a)).toEqual(['row_alice_delete_btn', 'row_bob_delete_btn', 'row_carol_delete_btn']);
    const b = records([row('Carol'), row('Alice'), row('Bob')]);
    s.absorb(capture(b));
    expect(idsOf(s, b)).toEqual(['row_carol_delete_btn', 'row_alice_delete_btn', 'row_bob_delete_btn']);
  });

  it('fuzzy: a replaced node with a slightly different name rebinds when clearly the best', () => {
    const s = new SemanticSession();
    const a = records([field('Full name', { name: 'fullname', type: 'text' }), button('Continue')]);
    s.absorb(capture(a));
    const b = records([field('Full name (required)', { name: 'fullname', type: 'text' }), button('Continue')]);
    const r = s.absorb(capture(b));
    expect(idsOf(s, b)).toEqual(['full_name_txt', 'continue_btn']);
    expect(r.rebound.has('full_name_txt')).toBe(true);
  });

  it('never rebinds across roles', () => {
    const s = new SemanticSession();
    s.absorb(capture(records([button('Menu')])));
    const b = records([{ role: 'link', name: 'Menu' }]);
    s.absorb(capture(b));
    expect(idsOf(s, b)).toEqual(['menu_lnk']);
  });

  it('navigation retires ids: stale with candidates; never issued: unknown; ids are not reused', () => {
    const s = new SemanticSession();
    s.absorb(capture(records([button('Search'), field('Query')]), 'doc1'));
    const b = records([button('Search')]);
    s.absorb(capture(b, 'doc2'));
    expect(s.lookup('search_btn').state).toBe('stale');
    expect(s.lookup('nope_btn').state).toBe('unknown');
    expect(idsOf(s, b)).toEqual(['search_btn_2']);
    expect(s.candidates('search_btn')[0]).toEqual({ agent_id: 'search_btn_2', role: 'button', name: 'Search' });
  });

  it('a lost id rebinds within 3 captures, is stale after, and its tombstone is dropped (memory stays bounded)', () => {
    const s = new SemanticSession();
    const a = records([button('Later')]);
    s.absorb(capture(a));
    for (let i = 0; i < 3; i++) s.absorb(capture([]));
    expect(s.lookup('later_btn').state).toBe('lost');
    s.absorb(capture([]));
    expect(s.lookup('later_btn').state).toBe('stale');
    for (let i = 0; i < 4; i++) s.absorb(capture([]));
    const found = s.lookup('later_btn');
    expect(found.state).toBe('stale');
    expect('entry' in found && found.entry).toBeFalsy();
  });
});

describe('markers', () => {
  it('+, ~ and removed are right across three observes', () => {
    const s = new SemanticSession();
    const opts = { max_elements: 50, include_context: true, id_style: 'slug' as const };
    const a = records([button('Keep'), button('Rename me'), button('Drop')]);
    const o1 = s.observe(capture(a), opts, 'both');
    expect(o1.previous_observation_id).toBeNull();
    expect(o1.text!.split('\n').slice(1).every((l) => l.startsWith('  ['))).toBe(true); // first look: no markers
    const b = [a[0]!, { ...a[1]!, name: 'Renamed' }, ...records([button('Fresh')])].map((r, i) => ({ ...r, order: i }));
    const o2 = s.observe(capture(b), opts, 'both');
    expect(o2.previous_observation_id).toBe(o1.observation_id);
    expect(o2.text).toContain('\n  [keep_btn] button "Keep"');
    expect(o2.text).toContain('\n~ [rename_me_btn] button "Renamed"');
    expect(o2.text).toContain('\n+ [fresh_btn] button "Fresh"');
    expect(o2.removed).toEqual(['drop_btn']);
    expect(o2.text).toContain('\nremoved: drop_btn');
    const o3 = s.observe(capture(b), opts, 'both');
    expect(o3.text).not.toMatch(/^[+~]/m);
    expect(o3.removed).toEqual([]);
    // An act's own captures in between do not swallow the next observe's markers.
    s.absorb(capture([...b, ...records([button('Late')])].map((r, i) => ({ ...r, order: i }))));
    const later = [...b, ...records([button('Late')])].map((r, i) => ({ ...r, order: i }));
    const o4 = s.observe(capture(later), opts, 'text');
    expect(o4.text).toMatch(/^\+ \[late_btn\]/m);
  });
});
