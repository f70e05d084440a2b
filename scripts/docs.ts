// `npm run docs`: regenerates every generated reference from the tables — docs/api.md from the route
// table (core + plugin rows, daemon/docs/apiMarkdown.ts) and the CLI block of docs/cli.md. Run it after
// adding or changing a route or an option; test/docs/apiDocs.test.ts and test/cli/options.test.ts fail
// until it has been run. `--check` only reports whether the files are current (exit 1 if not).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderApiDoc } from '../daemon/docs/apiMarkdown.ts';
import { plugins } from '../daemon/plugins.ts';
import { routeTable } from '../daemon/routes/index.ts';

const check = process.argv.includes('--check');
const file = fileURLToPath(new URL('../docs/api.md', import.meta.url));
const text = renderApiDoc([...routeTable, ...plugins.flatMap((p) => p.routes ?? [])]);
let current = '';
try { current = readFileSync(file, 'utf8'); } catch { /* not written yet */ }
if (check) {
  if (current !== text) { process.stderr.write(`${file} is out of date: run npm run docs\n`); process.exit(1); }
  process.stderr.write(`${file} is current\n`);
} else {
  if (current !== text) writeFileSync(file, text);
  process.stderr.write(`${current === text ? 'unchanged' : 'wrote'} ${file}\n`);
  execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./cli-reference.ts', import.meta.url)), '--write'], { stdio: 'inherit' });
}
