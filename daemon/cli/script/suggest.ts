// `abpd run` without a script: name scripts that exist (in the current directory, then the examples
// that ship with abpd), never a file name that is not there.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

function looksLikeScript(file: string): boolean {
  try {
    if (statSync(file).size > 1_000_000) return false;
    return /(^|\n)\s*steps\s*:|"steps"\s*:/.test(readFileSync(file, 'utf8'));
  } catch { return false; }
}

function scriptsIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => /\.(ya?ml|json)$/i.test(n)).sort().map((n) => join(dir, n)).filter(looksLikeScript);
  } catch { return []; }
}

/** Paths as the user would type them from `cwd`. */
export function suggestScripts(cwd = process.cwd()): string[] {
  const show = (file: string): string => {
    const rel = relative(cwd, file);
    return rel && !rel.startsWith('..') ? rel : file;
  };
  const found = [...scriptsIn(cwd), ...scriptsIn(join(cwd, 'examples'))];
  if (found.length === 0 && existsSync(EXAMPLES)) found.push(...scriptsIn(EXAMPLES));
  return [...new Set(found.map(show))].slice(0, 5);
}

export function noScriptMessage(cwd = process.cwd()): string {
  const scripts = suggestScripts(cwd);
  if (scripts.length === 0) return 'which script? give a JSON or YAML file of steps (docs/scripts.md); see abpd run --help';
  return `which script? e.g. abpd run ${scripts[0]}${scripts.length > 1 ? ` (scripts here: ${scripts.join(', ')})` : ''}; see abpd run --help`;
}
