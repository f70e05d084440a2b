// Runs in abpd's isolated world of every same-process frame: same DOM as the page, separate
// JavaScript, so its listeners and globals are invisible to page scripts. It stops native <select>
// popups and date/time pickers from opening (headless neither paints them usefully nor lets the
// mouse choose), reports them to abpd through a binding that exists only in this world, and later
// applies the agent's answer. Self-contained: serialized with Function.prototype.toString.
export function isolatedWorldScript(toIso: string, toMain: string, bindingName: string): void {
  const g = globalThis as unknown as Record<string, unknown>;
  const binding = g[bindingName] as (payload: string) => void;
  const post = (message: Record<string, unknown>): void => binding(JSON.stringify(message));
  const DATE_TYPES = new Set(['date', 'time', 'datetime-local', 'month', 'week']);
  /** Width of the calendar/clock indicator at the right edge of a date/time field (CSS px). */
  const INDICATOR_ZONE = 24;
  const open = new Map<number, HTMLSelectElement | HTMLInputElement>();
  let nextKey = 1;

  const isDropdown = (el: unknown): el is HTMLSelectElement => el instanceof HTMLSelectElement && !el.multiple && el.size <= 1;
  const isDatePicker = (el: unknown): el is HTMLInputElement => el instanceof HTMLInputElement && DATE_TYPES.has(el.type);
  const usable = (el: HTMLSelectElement | HTMLInputElement): boolean => !el.disabled && !(el instanceof HTMLInputElement && el.readOnly);
  const bounds = (el: Element) => {
    const r = el.getBoundingClientRect();
    return { x: Math.round(r.left), y: Math.round(r.top), width: Math.round(r.width), height: Math.round(r.height) };
  };

  type Item = { index: number; type: 'option' | 'group' | 'separator'; label: string; enabled: boolean; checked: boolean; option?: HTMLOptionElement };
  const itemsOf = (select: HTMLSelectElement): Item[] => {
    const items: Item[] = [];
    const walk = (parent: Element, groupDisabled: boolean): void => {
      for (const child of Array.from(parent.children)) {
        if (child instanceof HTMLOptionElement) {
          items.push({ index: items.length, type: 'option', label: child.label || child.text, enabled: !child.disabled && !groupDisabled, checked: child.selected, option: child });
        } else if (child instanceof HTMLOptGroupElement) {
          items.push({ index: items.length, type: 'group', label: child.label, enabled: !child.disabled, checked: false });
          walk(child, child.disabled);
        } else if (child instanceof HTMLHRElement) {
          items.push({ index: items.length, type: 'separator', label: '', enabled: false, checked: false });
        }
      }
    };
    walk(select, false);
    return items;
  };

  const report = (el: HTMLSelectElement | HTMLInputElement, via: string): void => {
    const key = nextKey++;
    open.set(key, el);
    if (el instanceof HTMLSelectElement) {
      const items = itemsOf(el);
      post({ kind: 'select_open', key, via, allow_multiple_selection: el.multiple, bounds: bounds(el),
        selected_index: items.find((i) => i.option && i.option.selected)?.index ?? -1,
        items: items.map(({ option: _option, ...item }) => item) });
    } else {
      post({ kind: 'datetime_picker_open', key, via, input_type: el.type, value: el.value, min: el.min, max: el.max,
        step: el.step, bounds: bounds(el) });
    }
  };

  const targetOf = (event: Event): EventTarget | null => event.composedPath()[0] ?? event.target;

  addEventListener('mousedown', (event) => {
    const el = targetOf(event);
    if ((event as MouseEvent).button !== 0) return;
    if (isDropdown(el) && usable(el)) {
      // The popup opens in mousedown's default action; focus would too, so give it back.
      event.preventDefault();
      el.focus();
      report(el, 'mouse');
    } else if (isDatePicker(el) && usable(el) && (event as MouseEvent).clientX >= el.getBoundingClientRect().right - INDICATOR_ZONE) {
      event.preventDefault();
      el.focus();
      report(el, 'mouse');
    }
  }, true);
  addEventListener('click', (event) => {
    const el = targetOf(event);
    if (isDatePicker(el) && (event as MouseEvent).clientX >= el.getBoundingClientRect().right - INDICATOR_ZONE) event.preventDefault();
  }, true);
  addEventListener('keydown', (event) => {
    const el = targetOf(event);
    const e = event as KeyboardEvent;
    const altArrow = e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp');
    const opens = isDropdown(el) ? altArrow || e.key === 'F4' || e.key === ' ' || e.key === 'Enter'
      : isDatePicker(el) ? altArrow || e.key === 'F4' : false;
    if (!opens || !usable(el as HTMLInputElement)) return;
    event.preventDefault();
    report(el as HTMLSelectElement | HTMLInputElement, 'keyboard');
  }, true);
  // From the main world: showPicker() and permission prompts.
  addEventListener(toIso, (event) => {
    const message = JSON.parse(String((event as CustomEvent).detail)) as Record<string, unknown>;
    if (message.kind === 'open_picker') {
      const el = targetOf(event);
      if (isDropdown(el) || isDatePicker(el)) report(el, 'showPicker');
      return;
    }
    post(message);
  }, true);

  const fire = (el: Element): void => {
    el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  };

  g.__abpdAnswerSelect = (key: number, indices: number[] | null): { ok: boolean; error?: string; changed?: boolean } => {
    const el = open.get(key);
    if (!(el instanceof HTMLSelectElement) || !el.isConnected) return { ok: false, error: 'the <select> is no longer in the page' };
    if (indices === null) { open.delete(key); return { ok: true, changed: false }; }
    const items = itemsOf(el);
    const chosen: HTMLOptionElement[] = [];
    for (const index of indices) {
      const item = items[index];
      if (!item || !item.option) return { ok: false, error: `indices: ${index} is not an option (items 0-${items.length - 1}; groups and separators cannot be chosen)` };
      if (!item.enabled) return { ok: false, error: `indices: option ${index} ("${item.label}") is disabled` };
      chosen.push(item.option);
    }
    if (!el.multiple && chosen.length > 1) return { ok: false, error: 'indices: this <select> takes one option' };
    open.delete(key);
    const before = Array.from(el.options).map((o) => o.selected).join();
    if (el.multiple) for (const option of Array.from(el.options)) option.selected = chosen.includes(option);
    else if (chosen[0]) chosen[0].selected = true;
    const changed = Array.from(el.options).map((o) => o.selected).join() !== before;
    if (changed) fire(el);
    return { ok: true, changed };
  };

  g.__abpdAnswerDatetime = (key: number, value: string | null): { ok: boolean; error?: string } => {
    const el = open.get(key);
    if (!(el instanceof HTMLInputElement) || !el.isConnected) return { ok: false, error: 'the input is no longer in the page' };
    if (value === null) { open.delete(key); return { ok: true }; }
    const before = el.value;
    el.value = value;
    if (el.value !== value) {
      el.value = before;
      return { ok: false, error: `value: "${value}" is not a valid ${el.type} value for this input` };
    }
    open.delete(key);
    if (value !== before) fire(el);
    return { ok: true };
  };

  g.__abpdAnswerPermission = (request: number): void => {
    document.dispatchEvent(new CustomEvent(toMain, { detail: JSON.stringify({ kind: 'permission_answered', request }) }));
  };
}
