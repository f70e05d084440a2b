// Until the semantic routes (observe/act, semantic.md) are on main, the task port reads the page
// with this script through the daemon's own `execute` route: interactive elements, ids of the
// `<slug>_<kind>` shape kept per node for the page's life, and the text form's line format, so the
// loop, the fake model's targets and the prompts are already those of the real observe.
// It is a stop-gap: no AX tree, no iframes/shadow roots, no ranking beyond document order.

/** Returns a function body run in the page: `(op, arg) => result`. */
export const PAGE_SCRIPT = String.raw`
(() => {
  const g = window.__abpdAgent || (window.__abpdAgent = { ids: new WeakMap(), byId: new Map(), used: new Set() });
  const KIND = { link: 'lnk', button: 'btn', textbox: 'txt', searchbox: 'txt', checkbox: 'chk', radio: 'rad', combobox: 'sel', listbox: 'sel', option: 'opt', tab: 'tab', switch: 'sw', slider: 'sld', spinbutton: 'num', menuitem: 'menu' };
  const roleOf = (el) => {
    const r = el.getAttribute('role'); if (r) return r;
    const t = el.tagName.toLowerCase(); const type = (el.getAttribute('type') || '').toLowerCase();
    if (t === 'a') return el.hasAttribute('href') ? 'link' : null;
    if (t === 'button' || t === 'summary') return 'button';
    if (t === 'select') return el.multiple ? 'listbox' : 'combobox';
    if (t === 'textarea') return 'textbox';
    if (t === 'input') {
      if (type === 'hidden') return null;
      if (['submit', 'button', 'reset', 'image'].includes(type)) return 'button';
      if (type === 'checkbox') return 'checkbox'; if (type === 'radio') return 'radio';
      if (type === 'search') return 'searchbox'; if (type === 'number') return 'spinbutton'; if (type === 'range') return 'slider';
      return 'textbox';
    }
    if (el.isContentEditable) return 'textbox';
    if (el.hasAttribute('onclick') || el.tabIndex >= 0) return 'button';
    return null;
  };
  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim().slice(0, 80);
  const nameOf = (el) => {
    const aria = el.getAttribute('aria-label'); if (aria) return clean(aria);
    const by = el.getAttribute('aria-labelledby');
    if (by) { const t = by.split(/\s+/).map((id) => document.getElementById(id)?.innerText || '').join(' '); if (clean(t)) return clean(t); }
    if (el.labels && el.labels.length) return clean([...el.labels].map((l) => l.innerText).join(' '));
    const tag = el.tagName.toLowerCase();
    if (tag === 'input' && ['submit', 'button', 'reset'].includes(el.type)) return clean(el.value || el.type);
    if (tag !== 'input' && tag !== 'select' && tag !== 'textarea') { const t = clean(el.innerText); if (t) return t; }
    return clean(el.getAttribute('placeholder') || el.getAttribute('title') || el.getAttribute('alt') || el.getAttribute('name') || el.id || '');
  };
  const slug = (s) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean).slice(0, 3).join('_').slice(0, 24);
  const visible = (el) => { const r = el.getBoundingClientRect(); if (r.width === 0 || r.height === 0) return false; const cs = getComputedStyle(el); return cs.visibility !== 'hidden' && cs.display !== 'none' && !el.closest('[aria-hidden="true"],[inert]'); };
  const idFor = (el, role, name) => {
    let id = g.ids.get(el); if (id) return id;
    const base = (slug(name) || 'el') + '_' + (KIND[role] || 'el');
    id = base; for (let n = 2; g.used.has(id); n += 1) id = base + '_' + n;
    g.used.add(id); g.ids.set(el, id); g.byId.set(id, new WeakRef(el)); return id;
  };
  const containerOf = (el) => { const c = el.closest('form,dialog,[role=dialog],nav,main,header,footer,table,ul,ol'); return c; };
  const containerLine = (c) => { const t = c.tagName.toLowerCase(); const role = t === 'form' ? 'form' : t === 'dialog' ? 'dialog' : c.getAttribute('role') || ({ nav: 'navigation', main: 'main', header: 'banner', footer: 'contentinfo', table: 'table', ul: 'list', ol: 'list' })[t]; const n = clean(c.getAttribute('aria-label') || (c.querySelector('h1,h2,h3,legend,caption')?.innerText) || c.getAttribute('name') || ''); return role + (n ? ' "' + n + '"' : ''); };
  const find = (id) => { const el = g.byId.get(id)?.deref(); return el && el.isConnected ? el : null; };
  const observe = (max) => {
    const out = []; let candidates = 0; let lastContainer = null;
    const texts = [];
    for (const el of document.querySelectorAll('a,button,input,select,textarea,summary,[role],[onclick],[tabindex],[contenteditable=""],[contenteditable=true],h1,h2,h3')) {
      const tag = el.tagName.toLowerCase();
      if (/^h[1-3]$/.test(tag)) { if (visible(el)) texts.push({ el, line: 'heading "' + clean(el.innerText) + '"' }); continue; }
      const role = roleOf(el); if (!role || !visible(el)) continue;
      if (['presentation', 'none', 'generic', 'group', 'region', 'dialog', 'form', 'navigation', 'main', 'list', 'listitem', 'row', 'cell', 'table'].includes(role)) continue;
      candidates += 1; if (out.length >= max) continue;
      const name = nameOf(el); const id = idFor(el, role, name);
      const flags = [];
      if (document.activeElement === el) flags.push('focused');
      if (el.disabled) flags.push('disabled');
      if (el.checked || el.getAttribute('aria-checked') === 'true') flags.push('checked');
      if (el.required || el.getAttribute('aria-required') === 'true') flags.push('required');
      if (el.getAttribute('aria-invalid') === 'true' || (el.matches('input,select,textarea') && el.dataset.touched && !el.checkValidity())) flags.push('invalid');
      let value = '';
      if (['textbox', 'searchbox', 'combobox', 'spinbutton', 'slider'].includes(role)) value = ' value=' + (el.type === 'password' ? '•••' : JSON.stringify(el.tagName === 'SELECT' ? (el.selectedOptions[0]?.text || '') : (el.value ?? el.innerText ?? '')));
      const r = el.getBoundingClientRect(); const inView = r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
      const c = containerOf(el);
      out.push({ el, c, line: '[' + id + '] ' + role + ' ' + JSON.stringify(name) + value + (flags.length ? ' ' + flags.join(' ') : '') + (inView ? ' @' + Math.round(r.x + r.width / 2) + ',' + Math.round(r.y + r.height / 2) : '') });
    }
    const all = [...out, ...texts].sort((a, b) => a.el === b.el ? 0 : (a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING) ? -1 : 1);
    const lines = ['page: ' + document.title + ' — ' + location.href + '   (' + candidates + ' elements, ' + out.length + ' shown)'];
    for (const item of all) {
      const c = item.c || null;
      if (c !== lastContainer) { if (c) lines.push(containerLine(c)); lastContainer = c; }
      lines.push((c ? '  ' : '') + item.line);
    }
    const errors = [...document.querySelectorAll('[role=alert],.error,.errors,[aria-live]')].filter(visible).map((e) => clean(e.innerText)).filter(Boolean);
    if (errors.length) lines.push('alerts: ' + errors.join(' · '));
    if (candidates > out.length) lines.push('… ' + (candidates - out.length) + ' more (scroll down)');
    return { url: location.href, title: document.title, text: lines.join('\n') };
  };
  const point = (el) => { el.scrollIntoView({ block: 'center', inline: 'center' }); const r = el.getBoundingClientRect(); return { x: Math.round(r.x + r.width / 2), y: Math.round(r.y + r.height / 2) }; };
  return (op, arg) => {
    if (op === 'observe') return observe(arg.max);
    if (op === 'text') return (document.body?.innerText || '').slice(0, 100000);
    const el = find(arg.id);
    if (!el) return { missing: true, candidates: observe(500).text.split('\n').filter((l) => l.includes('[')).slice(0, 5).map((l) => l.trim()) };
    const role = roleOf(el) || 'generic';
    if (op === 'describe') { const f = el.form || el.closest('form'); let host; try { host = f && f.getAttribute('action') ? new URL(f.action).hostname : undefined; } catch {} return { role, name: nameOf(el), inputType: (el.getAttribute('type') || (el.tagName === 'BUTTON' && f ? 'submit' : '')).toLowerCase() || undefined, inForm: Boolean(f), formActionHost: host }; }
    if (op === 'point') return { ...point(el), checked: Boolean(el.checked) };
    if (op === 'prepareFill') { el.focus(); if (el.select) el.select(); else { const s = getSelection(); s.selectAllChildren(el); } return { ok: true }; }
    if (op === 'focus') { el.focus(); return { ok: true }; }
    if (op === 'select') { const o = [...el.options].find((o) => o.value === arg.value || clean(o.text).toLowerCase() === clean(arg.value).toLowerCase()); if (!o) return { error: 'no option "' + arg.value + '"; options: ' + [...el.options].map((o) => clean(o.text)).join(', ') }; el.value = o.value; el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); return { ok: true }; }
    if (op === 'scroll') { el.scrollBy(0, arg.dy); return { ok: true }; }
    return { error: 'unknown op ' + op };
  };
})()`;
