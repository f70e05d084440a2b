// `--auth-token TOKEN|auto`: the bearer token every request must carry (except the health probe).
// `auto` generates one and writes it where local clients can read it and other users cannot.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const TOKEN_FILE_NAME = 'token';

/**
 * The state dir is the session dir's parent: `$XDG_STATE_HOME/abpd` (default
 * `~/.local/state/abpd`) for the default session dir `.../abpd/session`, and next to a custom one.
 */
export function stateDirOf(sessionDir: string): string {
  return dirname(resolve(sessionDir));
}

export function tokenFilePath(sessionDir: string): string {
  return join(stateDirOf(sessionDir), TOKEN_FILE_NAME);
}

/** For clients on this machine (`abpd status`, `abpd stop`): the token an `auto` daemon wrote. */
export function readTokenFile(sessionDir: string): string | undefined {
  try { return readFileSync(tokenFilePath(sessionDir), 'utf8').trim() || undefined; } catch {
    return undefined; // no file: the daemon runs without a token, or with one given on its command line
  }
}

/**
 * Writes a fresh token with mode 0600. The temp file is created exclusively (never through a link an
 * attacker planted) and renamed over the old token, so no reader sees a half-written file.
 */
export function writeNewToken(sessionDir: string): { token: string; file: string } {
  const token = randomBytes(32).toString('base64url');
  const file = tokenFilePath(sessionDir);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  rmSync(temp, { force: true });
  writeFileSync(temp, `${token}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
  return { token, file };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant time in the token's content: both sides are hashed to equal-length digests first. */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  return m?.[1];
}
