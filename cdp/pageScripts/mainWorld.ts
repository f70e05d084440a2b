// Runs in the page's own (main) world before any page script, in every same-process frame. It wraps
// the few APIs that would open native browser UI that headless cannot show or that auto-deny without
// a prompt (showPicker, geolocation, notification/camera/clipboard prompts) and talks to abpd's
// isolated world through DOM events with per-run random names, never through a global: page
// scripts see no abpd object, and the wrappers' toString() reads like the native one.
// Self-contained: it is serialized with Function.prototype.toString.
export function mainWorldScript(toIso: string, toMain: string): void {
  const dispatch = EventTarget.prototype.dispatchEvent;
  const listen = EventTarget.prototype.addEventListener;
  const CustomEventCtor = CustomEvent;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const nativeToString = Function.prototype.toString;
  const disguised = new WeakMap<object, string>();
  const toStringProxy = {
    toString(this: unknown): string {
      return typeof this === 'function' && disguised.has(this) ? disguised.get(this)! : nativeToString.call(this as () => void);
    },
  }.toString;
  disguised.set(toStringProxy, nativeToString.call(nativeToString));
  Object.defineProperty(Function.prototype, 'toString', { value: toStringProxy, writable: true, configurable: true, enumerable: false });

  const send = (target: EventTarget, message: Record<string, unknown>): void => {
    dispatch.call(target, new CustomEventCtor(toIso, { detail: stringify(message) }));
  };
  type Method = (this: unknown, ...args: unknown[]) => unknown;
  const wrap = (owner: object | undefined, name: string, make: (original: Method) => Method): void => {
    const descriptor = owner && Object.getOwnPropertyDescriptor(owner, name);
    if (!owner || !descriptor || typeof descriptor.value !== 'function') return;
    const original = descriptor.value as Method;
    const replacement = make(original);
    Object.defineProperty(replacement, 'name', { value: name });
    Object.defineProperty(replacement, 'length', { value: original.length });
    disguised.set(replacement, nativeToString.call(original));
    Object.defineProperty(owner, name, { ...descriptor, value: replacement });
  };

  // --- native pickers opened from script -------------------------------------------------------
  const PICKER_TYPES = new Set(['date', 'time', 'datetime-local', 'month', 'week']);
  const activation = navigator.userActivation;
  const showPickerWrapper = (kind: string) => (original: Method): Method => function showPicker(this: unknown): unknown {
    const el = this as HTMLInputElement | HTMLSelectElement;
    const intercepted = el instanceof HTMLSelectElement ? !el.multiple && el.size <= 1 : PICKER_TYPES.has((el as HTMLInputElement).type);
    if (!intercepted) return original.call(this);
    if (el.disabled || (el instanceof HTMLInputElement && el.readOnly)) {
      throw new DOMException(`Failed to execute 'showPicker' on '${kind}': ${kind}::showPicker() cannot be used on immutable controls.`, 'InvalidStateError');
    }
    if (activation && !activation.isActive) {
      throw new DOMException(`Failed to execute 'showPicker' on '${kind}': ${kind}::showPicker() requires a user gesture.`, 'NotAllowedError');
    }
    send(el, { kind: 'open_picker' });
  };
  wrap(HTMLInputElement.prototype, 'showPicker', showPickerWrapper('HTMLInputElement'));
  wrap(HTMLSelectElement.prototype, 'showPicker', showPickerWrapper('HTMLSelectElement'));

  // --- geolocation: held until the agent grants or denies ---------------------------------------
  const held = new Map<number, () => void>();
  let nextRequest = 1;
  const permissions = navigator.permissions;
  const query = typeof Permissions === 'function' ? Permissions.prototype.query : undefined;
  const geolocationState = (): Promise<string> => query && permissions
    ? query.call(permissions, { name: 'geolocation' }).then((s) => s.state, () => 'prompt')
    : Promise.resolve('prompt');
  /** Runs proceed() at once when the origin's decision is known, else after the agent answers. */
  const hold = (proceed: () => void): void => {
    void geolocationState().then((state) => {
      if (state !== 'prompt') { proceed(); return; }
      const id = nextRequest++;
      held.set(id, proceed);
      send(document, { kind: 'permission', permission: 'geolocation', request: id, origin: location.origin });
    });
  };
  listen.call(document, toMain, ((event: CustomEvent) => {
    const message = parse(String(event.detail)) as { kind: string; request: number };
    if (message.kind !== 'permission_answered') return;
    const proceed = held.get(message.request);
    held.delete(message.request);
    proceed?.();
  }) as EventListener);

  if (typeof Geolocation === 'function') {
    const watches = new Map<number, number | null>();
    let nextWatch = 1;
    wrap(Geolocation.prototype, 'getCurrentPosition', (original) => function getCurrentPosition(this: unknown, ...args: unknown[]): void {
      hold(() => original.apply(this, args));
    });
    wrap(Geolocation.prototype, 'watchPosition', (original) => function watchPosition(this: unknown, ...args: unknown[]): number {
      const id = nextWatch++;
      watches.set(id, null);
      hold(() => { if (watches.has(id)) watches.set(id, original.apply(this, args) as number); });
      return id;
    });
    wrap(Geolocation.prototype, 'clearWatch', (original) => function clearWatch(this: unknown, ...args: unknown[]): void {
      const id = args[0] as number;
      if (!watches.has(id)) return;
      const real = watches.get(id);
      watches.delete(id);
      if (real !== null && real !== undefined) original.call(this, real);
    });
  }

  // --- every other prompt is denied (headless already does) and reported ------------------------
  const reportDenied = (permission: string, detail?: string): void => {
    send(document, { kind: 'permission_denied', permission, detail, origin: location.origin });
  };
  if (typeof Notification === 'function') {
    // Headless leaves the request unanswered for a while: answer "denied" at once, as a person would.
    wrap(Notification, 'requestPermission', (original) => function requestPermission(...args: unknown[]): Promise<NotificationPermission> {
      if (Notification.permission !== 'default') return original.apply(Notification, args) as Promise<NotificationPermission>;
      reportDenied('notifications');
      const callback = args[0];
      if (typeof callback === 'function') queueMicrotask(() => (callback as (p: string) => void)('denied'));
      return Promise.resolve('denied');
    });
  }
  if (typeof MediaDevices === 'function') {
    wrap(MediaDevices.prototype, 'getUserMedia', () => function getUserMedia(this: unknown, ...args: unknown[]): Promise<MediaStream> {
      const constraints = args[0] as MediaStreamConstraints | undefined;
      if (constraints?.video) reportDenied('camera');
      if (constraints?.audio) reportDenied('microphone');
      return Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
  }
  if (typeof Clipboard === 'function') {
    for (const name of ['read', 'readText']) {
      wrap(Clipboard.prototype, name, (original) => function read(this: unknown, ...args: unknown[]): Promise<unknown> {
        reportDenied('other', 'clipboard-read');
        return original.apply(this, args) as Promise<unknown>;
      });
    }
  }
}
