// Page script evaluation that always answers with a JSON-safe value (execute). Two Chromium quirks
// shape it:
// - replMode (top-level await, re-declarable let/const) awaits only its own wrapper promise: a script
//   whose completion value is a promise (`fetch(...)`, an async IIFE) comes back as the promise.
// - returnByValue fails the whole call for values that cannot be serialized (window, cyclic objects,
//   symbols: "Object reference chain is too long"), which must not turn a page value into an error.
// So: evaluate by reference, await a promise result explicitly, then serialize in a separate call
// that may fail on its own (falling back to the description).
import type { Protocol } from 'devtools-protocol';
import { bestEffort } from './bestEffort.ts';
import type { CdpSession } from './connection.ts';
import { ProtocolError } from './errors.ts';

export interface EvaluatedValue {
  type: string;
  subtype?: string;
  className?: string;
  value?: unknown;
  unserializableValue?: string;
  description?: string;
}

export interface Evaluation { result: EvaluatedValue; exceptionDetails?: Protocol.Runtime.ExceptionDetails }

/** Each evaluation has its own group: one left running by a dialog must not free a later one's objects. */
let groupSeq = 0;

export async function evaluateByValue(session: CdpSession, expression: string,
  options: { awaitPromise: boolean; timeoutMs: number; onEvaluated?: () => void }): Promise<Evaluation> {
  const { awaitPromise, timeoutMs } = options;
  const objectGroup = `abpd-evaluate-${++groupSeq}`;
  try {
    const r = await session.send('Runtime.evaluate', {
      expression, awaitPromise, returnByValue: false, userGesture: true, replMode: true,
      generatePreview: false, objectGroup,
    }, { timeoutMs });
    let object = r.result;
    // onEvaluated means "the script's value is settled": a promise still awaited below may be waiting
    // on the page's timers, which only run while the caller keeps the clock going.
    if (!r.exceptionDetails && awaitPromise && object.subtype === 'promise' && object.objectId) {
      const awaited = await session.send('Runtime.awaitPromise', { promiseObjectId: object.objectId, returnByValue: false, generatePreview: false }, { timeoutMs });
      options.onEvaluated?.();
      if (awaited.exceptionDetails) return { result: describe(awaited.result), exceptionDetails: awaited.exceptionDetails };
      object = awaited.result;
    } else {
      options.onEvaluated?.();
    }
    if (r.exceptionDetails) return { result: describe(r.result), exceptionDetails: r.exceptionDetails };
    return { result: await toValue(session, object, timeoutMs) };
  } finally {
    if (!session.closed) bestEffort(session.send('Runtime.releaseObjectGroup', { objectGroup }, { timeoutMs: 2_000 }), 'the page may have navigated or be blocked by a dialog');
  }
}

async function toValue(session: CdpSession, object: Protocol.Runtime.RemoteObject, timeoutMs: number): Promise<EvaluatedValue> {
  const out = describe(object);
  if (!object.objectId) {
    if ('value' in object) out.value = object.value;
    return out;
  }
  // A symbol boxed by `this` would serialize as {}: its description is the only honest value.
  if (object.type === 'symbol') return out;
  try {
    const r = await session.send('Runtime.callFunctionOn', {
      functionDeclaration: 'function () { return this; }', objectId: object.objectId, returnByValue: true, silent: true,
    }, { timeoutMs });
    if ('value' in r.result) out.value = r.result.value;
  } catch (err) {
    // Not serializable (window, cyclic structures): the envelope carries the description instead.
    if (!(err instanceof ProtocolError)) throw err;
  }
  return out;
}

function describe(object: Protocol.Runtime.RemoteObject): EvaluatedValue {
  const out: EvaluatedValue = { type: object.type };
  if (object.subtype) out.subtype = object.subtype;
  if (object.className) out.className = object.className;
  if (object.unserializableValue !== undefined) out.unserializableValue = object.unserializableValue;
  if (object.description !== undefined) out.description = object.description;
  return out;
}
