// Command line of `npm run bench -- [options]`.
import { SCENARIOS } from './scenarios.ts';

export interface BenchArgs {
  runs: number;
  warmup: number;
  only: string[];
  history: boolean;
  outDir: string;
  daemonLog: boolean;
}

export const USAGE = `npm run bench -- [--quick] [--runs N] [--warmup N] [--only NAME[,NAME]] [--no-history] [--out DIR] [--daemon-log]
  --quick        5 runs after 1 warm-up (default: 30 after 2)
  --only NAME    run only these scenarios (repeatable or comma-separated): ${SCENARIOS.map((s) => s.name).join(', ')}, observe
  --no-history   start abpd with --no-history (default: history on, as abpd ships)
  --out DIR      where latest.json / latest.md go (default bench/results)
  --daemon-log   abpd logs at debug level: count stuck captures, print the log's tail at the end`;

export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { runs: 30, warmup: 2, only: [], history: true, outDir: 'bench/results', daemonLog: false };
  const count = (flag: string, raw: string | undefined): number => {
    if (raw === undefined || !/^\d+$/.test(raw)) throw new Error(`${flag} needs a whole number, got ${raw ?? 'nothing'}\n${USAGE}`);
    return Number(raw);
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    switch (arg) {
      case '--quick': args.runs = 5; args.warmup = 1; break;
      case '--runs': args.runs = Math.max(1, count(arg, argv[++i])); break;
      case '--warmup': args.warmup = count(arg, argv[++i]); break;
      case '--only': args.only.push(...(argv[++i] ?? '').split(',').map((s) => s.trim()).filter(Boolean)); break;
      case '--no-history': args.history = false; break;
      case '--out': args.outDir = argv[++i] ?? args.outDir; break;
      case '--daemon-log': args.daemonLog = true; break;
      case '--help': case '-h': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  const known = new Set([...SCENARIOS.map((s) => s.name), 'observe']); // observe: bench/observeBench.ts
  const unknown = args.only.filter((n) => !known.has(n));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; pick from ${[...known].join(', ')}`);
  return args;
}
