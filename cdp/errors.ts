// The small error hierarchy of the CDP layer. daemon/errors.ts maps these to HTTP codes once.

/** Chromium answered a command with a protocol error. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(readonly method: string, readonly protocolMessage: string, readonly protocolCode?: number) {
    super(`${method}: ${protocolMessage}`);
  }
}

/** The target (tab, frame, browser) went away while a call was pending or before it was sent. */
export class TargetClosedError extends Error {
  override name = 'TargetClosedError';
  constructor(readonly method: string, readonly reason: string) {
    super(`${method}: target closed (${reason})`);
  }
}

/** A command or a wait ran past its deadline. */
export class CdpTimeoutError extends Error {
  override name = 'CdpTimeoutError';
  constructor(readonly method: string, readonly timeoutMs: number) {
    super(`${method}: no reply within ${timeoutMs} ms`);
  }
}

/** The page's renderer process died while a call was pending; the target itself can be reloaded. */
export class TargetCrashedError extends Error {
  override name = 'TargetCrashedError';
  constructor(readonly method: string, readonly targetId: string) {
    super(`${method}: the page crashed (target ${targetId})`);
  }
}
