// What the numbers were measured on: they mean little without the machine and its load.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';

export interface Machine {
  date: string;
  command: string;
  nproc: number;
  cpu: string;
  memory_gib: number;
  node: string;
  chromium: string;
  playwright_chromium: string;
  playwright_core: string;
  loadavg_start: number[];
  loadavg_end?: number[];
}

function cpuModel(): string {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown';
  } catch { return 'unknown'; } // not Linux: the report just says so
}

function chromiumVersion(): string {
  try {
    return execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch (err) { return `unknown (${(err as Error).message.split('\n')[0]})`; }
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;
  } catch { return 'unknown'; } // not installed: the import in pwBackend.ts would have failed first
}

export function describeMachine(playwrightChromium: string): Machine {
  return {
    date: new Date().toISOString(),
    command: `npm run bench --${process.argv.slice(2).map((a) => ` ${a}`).join('')}`,
    nproc: availableParallelism(),
    cpu: cpuModel(),
    memory_gib: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    chromium: chromiumVersion(),
    playwright_chromium: playwrightChromium,
    playwright_core: packageVersion('playwright-core'),
    loadavg_start: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
