// `npm run site [-- PORT]`: the example pages (examples/site, plus /echo for forms) on
// http://127.0.0.1:PORT (default 8000), for the README's curl walkthrough and the client examples.
// Stops on Ctrl-C or SIGTERM.
import { fileURLToPath } from 'node:url';
import { serveSite } from '../daemon/cli/script/serve.ts';

const port = Number(process.argv[2] ?? process.env.SITE_PORT ?? 8000);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`npm run site: "${process.argv[2]}" is not a port; e.g. npm run site -- 8000\n`);
  process.exit(2);
}
const site = await serveSite(fileURLToPath(new URL('../examples/site', import.meta.url)), port).catch((err: NodeJS.ErrnoException) => {
  process.stderr.write(`npm run site: ${err.code === 'EADDRINUSE' ? `port ${port} is in use; pick another: npm run site -- 8001` : err.message}\n`);
  process.exit(1);
});
process.stderr.write(`example pages on ${site.origin}/pages/ (form.html, click.html, static.html); /echo answers forms\n`);
const stop = (): void => { void site.close().then(() => process.exit(0)); };
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, stop);
// `npm run site &` then `kill $!` kills npm, not this process: go when the parent goes.
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) stop(); }, 500);
