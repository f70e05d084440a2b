// The channel between abpd and its scripts in each page (cdp/pageScripts/): a binding that exists
// only in abpd's isolated world carries reports out (native pickers, permission prompts); answers go
// back by evaluating in the same isolated context. Page scripts can see neither side.
import { randomBytes } from 'node:crypto';
import type { CdpSession } from './connection.ts';
import { isolatedWorldScript } from './pageScripts/isolatedWorld.ts';
import { mainWorldScript } from './pageScripts/mainWorld.ts';
import { callExpression, scriptSource } from './pageScripts/serialize.ts';

export const ISOLATED_WORLD = 'abpd';
const BINDING = '__abpdReport';
// Random per daemon run: a page cannot guess the event names to forge or observe the traffic.
const TO_ISOLATED = `abpd-${randomBytes(6).toString('hex')}`;
const TO_MAIN = `abpd-${randomBytes(6).toString('hex')}`;

export interface BridgeMessage { kind: string; contextId: number; [field: string]: unknown }

/** Set-up calls for a page session (sent pipelined with the rest of the page's set-up). */
export function bridgeSetupCalls(session: CdpSession): Promise<unknown>[] {
  return [
    session.send('Runtime.addBinding', { name: BINDING, executionContextName: ISOLATED_WORLD }),
    session.send('Page.addScriptToEvaluateOnNewDocument', { source: scriptSource(mainWorldScript, TO_ISOLATED, TO_MAIN), runImmediately: true }),
    session.send('Page.addScriptToEvaluateOnNewDocument', {
      source: scriptSource(isolatedWorldScript, TO_ISOLATED, TO_MAIN, BINDING), worldName: ISOLATED_WORLD, runImmediately: true,
    }),
  ];
}

/** Calls back with every report from the page's scripts; returns the unsubscribe function. */
export function onBridgeMessage(session: CdpSession, handler: (message: BridgeMessage) => void, log: (line: string) => void): () => void {
  return session.on('Runtime.bindingCalled', (e) => {
    if (e.name !== BINDING) return;
    let message: Record<string, unknown>;
    try { message = JSON.parse(e.payload) as Record<string, unknown>; } catch {
      log(`ignored a malformed bridge report (${e.payload.length} bytes)`);
      return;
    }
    if (typeof message.kind !== 'string') return;
    handler({ ...message, kind: message.kind, contextId: e.executionContextId });
  });
}

type AnswerFn = '__abpdAnswerSelect' | '__abpdAnswerDatetime' | '__abpdAnswerPermission';

/** Calls one of the isolated world's answer functions in the context that made the report. */
export async function answerInPage<T>(session: CdpSession, contextId: number, fn: AnswerFn, ...args: unknown[]): Promise<T> {
  const expression = callExpression(((name: string, rest: unknown[]) =>
    (globalThis as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...rest)) as (...args: never[]) => unknown, fn, args);
  const r = await session.send('Runtime.evaluate', { expression, contextId, returnByValue: true, silent: true }, { timeoutMs: 5_000 });
  if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
  return r.result.value as T;
}
