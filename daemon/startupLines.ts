// What `abpd start` says once it serves (issue 23 item 6): printed after Chromium is ready, never
// before, so "listening" means "usable"; and, when Chromium does not start, one message saying what
// was run and what to try, before any of these lines.
import { existsSync, readFileSync } from 'node:fs';
import type { BrowserHost } from './browserHost.ts';
import type { Config } from './config.ts';
import { tokenFilePath } from './security/token.ts';
import { viewerLink } from './security/viewerCookie.ts';

function origin(config: Config, port: number): string {
  const host = config.host === '0.0.0.0' || config.host === '' ? '127.0.0.1' : config.host === '::' ? '::1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The lines after "listening": where the API, the viewer, MCP and the files are. */
export function startupLines(config: Config, port: number, reveal = process.stderr.isTTY === true): string[] {
  const base = origin(config, port);
  const token = config.authToken;
  const file = tokenFilePath(config.sessionDir);
  const fromFile = token !== undefined && existsSync(file) && readFileSync(file, 'utf8').trim() === token;
  return [
    `abpd listening on ${base}/api/v1`,
    `  REST API:  ${base}/api/v1   (GET ${base}/api/v1 lists the routes; reference: docs/api.md, ${base}/api/v1/openapi.json)`,
    `  viewer:    ${viewerLink(base, token, reveal, fromFile ? file : undefined)}`,
    `  MCP:       ${base}/mcp   (streamable HTTP; for stdio hosts: abpd mcp --port ${port})`,
    `  session:   ${config.sessionDir}${token ? `   token: ${fromFile ? file : '--auth-token'}` : ''}`,
  ];
}

/** Chromium did not start: what was run, what it said, what to try. */
export function browserStartError(err: unknown, host: BrowserHost, config: Config): Error {
  const reason = (err as Error).message;
  if (config.connect) return new Error(`the browser at ${config.connect} could not be used: ${reason}`);
  const command = host.launchCommand;
  if (!command) return err as Error; // no browser was found: that message already says what to install
  const exit = host.chrome?.process.exitCode;
  const tries = [
    `check that it is Chrome or Chromium: ${command[0]} --version`,
    'pass another one with --chrome PATH (or ABPD_CHROME); npm start installs Debian\'s chromium when none is found (as root, with apt-get)',
  ];
  if (config.headed && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) tries.unshift('--headed needs a display (DISPLAY is not set): drop --headed');
  const said = host.launchOutput.filter((l) => /FATAL|ERROR|error/i.test(l)).slice(-3);
  if (said.some((l) => /Socket path too long/.test(l))) {
    tries.unshift(`a shorter --session-dir: Chromium puts a socket under ${config.sessionDir}/tmp and its path must stay under 108 bytes`);
  }
  tries.push('see what Chromium printed: --log-level debug');
  return new Error([
    `Chromium did not start: ${reason}${typeof exit === 'number' ? ` (it exited with code ${exit})` : ''}`,
    `  ran: ${command.join(' ')}`,
    ...said.map((l) => `  it said: ${l.slice(0, 300)}`),
    ...tries.map((t) => `  try: ${t}`),
  ].join('\n'));
}
