// Console output of a page as plain entries: console.* calls, uncaught exceptions, and browser log
// entries (network errors, interventions, CSP) from the Log domain.
import type { Protocol } from 'devtools-protocol';
import type { CdpSession } from './connection.ts';
import { SessionFeed } from './sessionFeed.ts';

export type ConsoleLevel = 'verbose' | 'info' | 'warning' | 'error';
export interface ConsoleMessage { level: ConsoleLevel; message: string; sourceUrl: string; lineNumber: number; timestampMs: number; stackTrace: string }

const MAX_MESSAGE_CHARS = 10_000;

const messages = new SessionFeed<ConsoleMessage>();

/** Listens from set-up on, so a popup's first messages are kept until daemon/ subscribes. */
export function consoleSetupCalls(session: CdpSession): Promise<unknown>[] {
  if (messages.start(session)) listen(session, (m) => messages.push(session, m));
  return [session.send('Log.enable')];
}

export function onConsole(session: CdpSession, handler: (m: ConsoleMessage) => void): () => void {
  return messages.subscribe(session, handler);
}

function listen(session: CdpSession, handler: (m: ConsoleMessage) => void): void {
  session.on('Runtime.consoleAPICalled', (e) => {
    const frame = e.stackTrace?.callFrames[0];
    handler({
      level: levelOf(e.type), message: clip(e.args.map(formatArg).join(' ')),
      sourceUrl: frame?.url ?? '', lineNumber: frame ? frame.lineNumber + 1 : 0,
      timestampMs: Math.round(e.timestamp), stackTrace: formatStack(e.stackTrace),
    });
  });
  session.on('Runtime.exceptionThrown', (e) => {
    const d = e.exceptionDetails;
    const text = d.exception?.description ?? d.text;
    handler({
      level: 'error', message: clip(text.startsWith('Uncaught') ? text : `Uncaught ${text}`),
      sourceUrl: d.url ?? d.stackTrace?.callFrames[0]?.url ?? '', lineNumber: d.lineNumber + 1,
      timestampMs: Math.round(e.timestamp), stackTrace: formatStack(d.stackTrace),
    });
  });
  session.on('Log.entryAdded', (e) => {
    const entry = e.entry;
    handler({
      level: entry.level, message: clip(entry.text), sourceUrl: entry.url ?? '', lineNumber: (entry.lineNumber ?? -1) + 1,
      timestampMs: Math.round(entry.timestamp), stackTrace: formatStack(entry.stackTrace),
    });
  });
}

function levelOf(type: Protocol.Runtime.ConsoleAPICalledEvent['type']): ConsoleLevel {
  switch (type) {
    case 'debug': return 'verbose';
    case 'warning': return 'warning';
    case 'error': case 'assert': return 'error';
    default: return 'info';
  }
}

function formatArg(arg: Protocol.Runtime.RemoteObject): string {
  if (arg.type === 'string') return String(arg.value);
  if (arg.unserializableValue !== undefined) return arg.unserializableValue;
  if (arg.type === 'undefined') return 'undefined';
  if ('value' in arg && arg.type !== 'object') return String(arg.value);
  if (arg.subtype === 'null') return 'null';
  if (arg.preview) {
    const p = arg.preview;
    const body = p.properties.map((prop) => (p.subtype === 'array' ? prop.value ?? '' : `${prop.name}: ${prop.value ?? prop.type}`)).join(', ');
    const more = p.overflow ? ', …' : '';
    return p.subtype === 'array' ? `[${body}${more}]` : `{${body}${more}}`;
  }
  return arg.description ?? arg.type;
}

function formatStack(stack: Protocol.Runtime.StackTrace | undefined): string {
  if (!stack) return '';
  return stack.callFrames.slice(0, 10).map((f) => `    at ${f.functionName || '<anonymous>'} (${f.url}:${f.lineNumber + 1}:${f.columnNumber + 1})`).join('\n');
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}
