// One line per event to stderr. Library code never uses console.log (stdout belongs to `abpd run`
// and `abpd mcp`).
export type LogLevel = 'quiet' | 'info' | 'debug';

export interface Logger {
  info(line: string): void;
  debug(line: string): void;
  error(line: string): void;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const stamp = (): string => new Date().toISOString();
  return {
    info: (line) => { if (level !== 'quiet') write(`${stamp()} ${line}`); },
    debug: (line) => { if (level === 'debug') write(`${stamp()} debug ${line}`); },
    error: (line) => write(`${stamp()} error ${line}`),
  };
}
