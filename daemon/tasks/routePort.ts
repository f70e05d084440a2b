// agent/browserPort.ts over the daemon's own routes, called in-process through the hono app: the
// policies, the HITL gate, history and every observer see the agent's calls like any client's.
// observe/act go to the semantic routes when they exist; until then an in-page reader (interimPageScript).
import type { ActOutcome, ActRequest, BrowserPort, ElementInfo, Observation } from '../../agent/browserPort.ts';
import { PAGE_SCRIPT } from './interimPageScript.ts';

export type AppCall = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal) => Promise<{ status: number; body: any }>;

const NO_FRAMES = { screenshot: { area: 'none' } };
const APPROVAL_POLL_MS = 250;

function frameImage(shot: { data: unknown; format?: unknown }): { data: string; mediaType: string } {
  return { data: String(shot.data), mediaType: `image/${String(shot.format ?? 'jpeg')}` };
}

export class RoutePort implements BrowserPort {
  #url = 'about:blank';
  /** null = not probed yet; the semantic observe route answers 404 NOT_FOUND while it is absent. */
  #semantic: boolean | null = null;
  #hitl: boolean | null = null;
  /** The last semantic observation's elements, for the firewall's questions about a target. */
  #elements = new Map<string, { role: string; name: string; value?: string; container?: { role?: string; name?: string } | null }>();

  constructor(private readonly call: AppCall, readonly tabId: string, readonly sessionId: string) {}

  /** The HITL gate held an action (sessions.md §4): wait for a person's approve/deny, then report. */
  async awaitApproval(approvalId: string, signal: AbortSignal): Promise<ActOutcome> {
    const before = this.#url;
    for (;;) {
      signal.throwIfAborted();
      const r = await this.call('GET', `/sessions/${this.sessionId}/approvals`, undefined, signal);
      const list: any[] = Array.isArray(r.body) ? r.body : [];
      const status = String(list.find((a) => a.approval_id === approvalId)?.status ?? 'missing');
      if (status === 'approved') return this.#outcome({ status: 200, body: {} }, 'a person approved it and it ran', before);
      if (status === 'denied' || status === 'missing' || r.status !== 200) {
        return { ok: false, code: 'HITL_DENIED', text: status === 'denied' ? 'a person denied this action: do not retry it' : `the approval ${approvalId} is gone (${status})` };
      }
      await new Promise((resolve) => setTimeout(resolve, APPROVAL_POLL_MS));
    }
  }

  currentUrl(): string { return this.#url; }

  async #page(op: string, arg: Record<string, unknown>, signal: AbortSignal): Promise<any> {
    const r = await this.call('POST', `/tabs/${this.tabId}/execute`, { expression: `(${PAGE_SCRIPT})(${JSON.stringify(op)}, ${JSON.stringify(arg)})`, ...NO_FRAMES }, signal);
    if (r.status !== 200) throw new Error(`reading the page failed: ${r.body?.error ?? r.status}`);
    return r.body.result?.value;
  }

  async #refresh(signal?: AbortSignal): Promise<{ url: string; title: string }> {
    const r = await this.call('GET', `/tabs/${this.tabId}`, undefined, signal);
    const url = String(r.body?.url ?? this.#url);
    this.#url = url;
    return { url, title: String(r.body?.title ?? '') };
  }

  /** Turns a route's answer into the short text the model reads. */
  async #outcome(r: { status: number; body: any }, done: string, before: string): Promise<ActOutcome> {
    const page = await this.#refresh();
    const navigated = page.url !== before ? page : undefined;
    if (r.status === 200) return { ok: true, text: navigated ? `${done}; now at ${page.title} — ${page.url}` : done, navigated };
    const code = String(r.body?.code ?? r.status);
    const approvalId = r.body?.data?.approval?.approval_id ?? r.body?.data?.approval_id;
    if (code === 'HITL_THRESHOLD_EXCEEDED' && approvalId) {
      return { ok: false, code, text: `held for a person's approval (${r.body.error})`, approvalId: String(approvalId) };
    }
    const candidates = Array.isArray(r.body?.data?.candidates) ? ` Candidates: ${r.body.data.candidates.map((c: any) => typeof c === 'string' ? c : `[${c.agent_id}] ${c.role} "${c.name}"`).join(', ')}` : '';
    return { ok: false, code, text: `${code}: ${r.body?.error ?? 'failed'}${candidates}`, navigated };
  }

  async observe(o: { maxElements: number; focusId?: string; withImage: boolean; signal: AbortSignal }): Promise<Observation> {
    if (this.#semantic !== false) {
      const r = await this.call('POST', `/tabs/${this.tabId}/observe`, {
        max_elements: o.maxElements, format: 'both', ...(o.focusId ? { focus_id: o.focusId } : {}),
        screenshot: o.withImage ? { area: 'viewport', format: 'jpeg' } : { area: 'none' },
      }, o.signal);
      if (r.status === 200) {
        this.#semantic = true;
        const result = r.body.result ?? {};
        this.#url = String(result.url ?? this.#url);
        const shot = r.body.screenshot_after;
        this.#elements.clear();
        for (const e of Array.isArray(result.elements) ? result.elements : []) this.#elements.set(String(e.agent_id), e);
        return { url: this.#url, title: String(result.title ?? ''), text: String(result.text ?? ''),
          ...(shot?.data ? { image: frameImage(shot) } : {}) };
      }
      // A focus_id that went stale is the model's problem, not a reason to drop the semantic layer.
      if (r.status === 404 && r.body?.code === 'NOT_FOUND') this.#semantic = false;
      else if (r.status !== 404) throw new Error(`observe failed: ${r.body?.error ?? r.status}`);
    }
    const page = await this.#page('observe', { max: o.maxElements }, o.signal) as Observation;
    this.#url = page.url;
    if (!o.withImage) return page;
    // Vision: the page as the model's image (a read-only screenshot action: the paused page does not run).
    const shot = await this.call('POST', `/tabs/${this.tabId}/screenshot`, { screenshot: { format: 'jpeg' } }, o.signal);
    return shot.body?.screenshot_after?.data ? { ...page, image: frameImage(shot.body.screenshot_after) } : page;
  }

  async describe(agentId: string, signal: AbortSignal): Promise<ElementInfo | null> {
    if (this.#semantic) {
      // The semantic JSON form has role, name and container; not the input type or the form's action.
      const e = this.#elements.get(agentId);
      if (!e) return null;
      return { agentId, role: e.role, name: e.name, inForm: e.container?.role === 'form', ...(e.value === '•••' ? { inputType: 'password' } : {}) };
    }
    const d = await this.#page('describe', { id: agentId }, signal).catch(() => null);
    if (!d || d.missing) return null;
    return { agentId, role: d.role, name: d.name, inputType: d.inputType, inForm: d.inForm, formActionHost: d.formActionHost };
  }

  async act(req: ActRequest, signal: AbortSignal): Promise<ActOutcome> {
    const before = this.#url;
    if (this.#semantic && (req.action === 'click' || req.action === 'press') && await this.#hitlSession(signal)) {
      if (req.action === 'click') return this.#gatedClick(req, signal, before);
      // Enter in a field: focus through act, then the ABP key press the gate classifies.
      const focused = await this.call('POST', `/tabs/${this.tabId}/act`, { agent_id: req.agentId, action: 'focus', ...NO_FRAMES }, signal);
      if (focused.status !== 200) return this.#outcome(focused, 'pressed', before);
      return this.#outcome(await this.call('POST', `/tabs/${this.tabId}/keyboard/press`, { key: req.key ?? 'Enter', ...NO_FRAMES }, signal), `pressed ${req.key ?? 'Enter'}`, before);
    }
    if (this.#semantic) {
      const r = await this.call('POST', `/tabs/${this.tabId}/act`, {
        agent_id: req.agentId, action: req.action, ...(req.value !== undefined ? { value: req.value, text: req.value } : {}),
        ...(req.key ? { key: req.key } : {}), ...(req.direction ? { direction: req.direction, amount: 'page' } : {}), ...NO_FRAMES,
      }, signal);
      const changed = Array.isArray(r.body?.result?.changed) && r.body.result.changed.length ? `; changed:\n${r.body.result.changed.slice(0, 8).join('\n')}` : '';
      return this.#outcome(r, `${req.action} done${changed}`, before);
    }
    return this.#interimAct(req, signal, before);
  }

  /** Does the task's session have a HITL threshold (sessions.md §4)? Asked once. */
  async #hitlSession(signal: AbortSignal): Promise<boolean> {
    if (this.#hitl === null) {
      const r = await this.call('GET', `/sessions/${this.sessionId}`, undefined, signal).catch(() => null);
      const threshold = r?.body?.policies?.hitl_transaction_threshold_cents;
      this.#hitl = typeof threshold === 'number';
    }
    return this.#hitl;
  }

  /**
   * The HITL gate classifies ABP clicks by their point and does not (yet) look at `act`: on a session
   * with a threshold a click goes to the element's centre as an ABP click, so the gate sees it.
   */
  async #gatedClick(req: ActRequest, signal: AbortSignal, before: string): Promise<ActOutcome> {
    const shown = await this.call('POST', `/tabs/${this.tabId}/act`, { agent_id: req.agentId, action: 'scroll_into_view', ...NO_FRAMES }, signal);
    if (shown.status !== 200) return this.#outcome(shown, 'clicked', before);
    const r = await this.call('POST', `/tabs/${this.tabId}/observe`, { max_elements: 500, format: 'json', focus_id: req.agentId, screenshot: { area: 'none' } }, signal);
    const el = (r.body?.result?.elements as any[] | undefined)?.find((e) => e.agent_id === req.agentId);
    if (!el?.center) return { ok: false, code: 'ELEMENT_NOT_FOUND', text: `[${req.agentId}] is not in the viewport after scrolling to it` };
    return this.#outcome(await this.call('POST', `/tabs/${this.tabId}/click`, { x: el.center.x, y: el.center.y, ...NO_FRAMES }, signal), 'clicked', before);
  }

  async #interimAct(req: ActRequest, signal: AbortSignal, before: string): Promise<ActOutcome> {
    const target = await this.#page('point', { id: req.agentId }, signal);
    if (!target || target.missing) {
      return { ok: false, code: 'ELEMENT_NOT_FOUND', text: `ELEMENT_NOT_FOUND: no element [${req.agentId}] on this page. Candidates: ${(target?.candidates ?? []).join(', ')}` };
    }
    const at = { x: target.x, y: target.y, ...NO_FRAMES };
    const tab = `/tabs/${this.tabId}`;
    switch (req.action) {
      case 'click': return this.#outcome(await this.call('POST', `${tab}/click`, at, signal), 'clicked', before);
      case 'hover': return this.#outcome(await this.call('POST', `${tab}/move`, at, signal), 'hovered', before);
      case 'check': case 'uncheck':
        if (target.checked === (req.action === 'check')) return { ok: true, text: `already ${req.action}ed` };
        return this.#outcome(await this.call('POST', `${tab}/click`, at, signal), `${req.action}ed`, before);
      case 'focus': await this.#page('focus', { id: req.agentId }, signal); return { ok: true, text: 'focused' };
      case 'select': {
        const r = await this.#page('select', { id: req.agentId, value: req.value ?? '' }, signal);
        return r?.ok ? { ok: true, text: 'selected' } : { ok: false, text: String(r?.error ?? 'select failed') };
      }
      case 'fill': {
        await this.call('POST', `${tab}/click`, at, signal);
        await this.#page('prepareFill', { id: req.agentId }, signal);
        const text = req.value ?? '';
        const r = text === '' ? await this.call('POST', `${tab}/keyboard/press`, { key: 'Delete', ...NO_FRAMES }, signal)
          : await this.call('POST', `${tab}/type`, { text, ...NO_FRAMES }, signal);
        return this.#outcome(r, 'filled', before);
      }
      case 'press':
        await this.#page('focus', { id: req.agentId }, signal);
        return this.#outcome(await this.call('POST', `${tab}/keyboard/press`, { key: req.key ?? 'Enter', ...NO_FRAMES }, signal), `pressed ${req.key ?? 'Enter'}`, before);
      case 'scroll':
        await this.#page('scroll', { id: req.agentId, dy: req.direction === 'up' ? -400 : 400 }, signal);
        return { ok: true, text: `scrolled ${req.direction ?? 'down'}` };
    }
  }

  async goto(url: string, signal: AbortSignal): Promise<ActOutcome> {
    const before = this.#url;
    return this.#outcome(await this.call('POST', `/tabs/${this.tabId}/navigate`, { url, ...NO_FRAMES }, signal), `opened ${url}`, before);
  }
  async back(signal: AbortSignal): Promise<ActOutcome> {
    return this.#outcome(await this.call('POST', `/tabs/${this.tabId}/back`, NO_FRAMES, signal), 'went back', this.#url);
  }
  async forward(signal: AbortSignal): Promise<ActOutcome> {
    return this.#outcome(await this.call('POST', `/tabs/${this.tabId}/forward`, NO_FRAMES, signal), 'went forward', this.#url);
  }
  async wait(seconds: number, signal: AbortSignal): Promise<ActOutcome> {
    return this.#outcome(await this.call('POST', `/tabs/${this.tabId}/wait`, { ms: Math.round(seconds * 1000), ...NO_FRAMES }, signal), `waited ${seconds} s`, this.#url);
  }
  async scrollPage(direction: 'up' | 'down', signal: AbortSignal): Promise<ActOutcome> {
    const r = await this.call('POST', `/tabs/${this.tabId}/scroll`, { x: 400, y: 300, scrolls: [{ delta_px: direction === 'up' ? -500 : 500, direction: 'y' }], ...NO_FRAMES }, signal);
    return this.#outcome(r, `scrolled ${direction}`, this.#url);
  }
  async pageText(signal: AbortSignal): Promise<string> {
    return String(await this.#page('text', {}, signal) ?? '');
  }
}
