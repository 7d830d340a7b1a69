// `hangtime verify [chapter…] [--update] [--shard i/n] [--cached] [--root DIR]`
// Re-runs every run the chapters declare, compares each with its frozen result and prints,
// for every mismatch, the chapter's file:line, the snippet and a unified diff.
// Exit: 0 all passed · 1 a mismatch · 2 bad input (arguments, chapters, frozen files).
import { cpus } from 'node:os';
import { repoRoot } from '../shared/paths.ts';
import { parseShard } from '../frozen/identity.ts';
import { makePlan, type Plan } from './plan.ts';
import { checkPlan, type RunReport } from './check.ts';

export interface VerifyIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
}

const USAGE = `usage: hangtime verify [chapter…] [--update] [--shard i/n] [--cached] [--root DIR] [--concurrency N]
  chapter        a chapter file, or a prefix of its name ("01", "03-the-investigation")
  --update       rewrite frozen results that differ or are missing (refused when CI is set)
  --shard i/n    check only the i-th of n disjoint, stable shards (1-based)
  --cached       accept results from the engine's cache (default: run everything fresh)
  --root DIR     the tree holding content/chapters and runnable (default: this repository)`;

interface Args {
  select: string[];
  update: boolean;
  shard?: { index: number; count: number };
  cached: boolean;
  root: string;
  concurrency?: number;
}

function parseArgs(argv: string[]): Args | string {
  const a: Args = { select: [], update: false, cached: false, root: repoRoot };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    try {
      if (arg === '--update') a.update = true;
      else if (arg === '--cached') a.cached = true;
      else if (arg === '--shard' || arg.startsWith('--shard=')) {
        const text = arg.includes('=') ? arg.slice(8) : value();
        const shard = parseShard(text);
        if (!shard) return `--shard ${text}: write i/n with 1 <= i <= n, e.g. --shard 2/4`;
        a.shard = shard;
      } else if (arg === '--root') a.root = value();
      else if (arg === '--concurrency') {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) return `--concurrency takes a whole number >= 1, got ${argv[i]}`;
        a.concurrency = n;
      } else if (arg === '--help' || arg === '-h') return '';
      else if (arg.startsWith('-')) return `unknown option ${arg}`;
      else a.select.push(arg);
    } catch (e) {
      return (e as Error).message;
    }
  }
  return a;
}

function printReport(r: RunReport, io: VerifyIo): void {
  const where = `${r.planned.run.chapterFile}:${r.planned.run.line}`;
  const what = `${r.planned.run.src}${r.planned.run.id ? ` (${r.planned.run.id})` : ''}`;
  if (r.pass) {
    io.stdout.write(`ok   ${where}  ${what}  ${r.status}${r.wrote ? `  [${r.wrote}]` : ''}\n`);
    for (const n of r.notes ?? []) io.stdout.write(`     note: ${n}\n`);
    return;
  }
  io.stdout.write(`FAIL ${where}  ${what}  ${r.status}\n`);
  for (const p of r.problems) io.stdout.write(`     - ${p}\n`);
  if (r.diff) io.stdout.write(r.diff.replace(/^/gm, '     ').replace(/ +$/, '') + '\n');
  if (r.wrote) io.stdout.write(`     [${r.wrote}]\n`);
}

/** The verify command: returns the exit code. */
export async function verifyCommand(argv: string[], io: VerifyIo): Promise<number> {
  const env = io.env ?? process.env;
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr.write(args ? `hangtime verify: ${args}\n${USAGE}\n` : `${USAGE}\n`);
    return args ? 2 : 0;
  }
  const ci = Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0';
  if (args.update && ci) {
    io.stderr.write(
      'hangtime verify: --update is refused when CI is set: ' +
        'frozen results are written on a developer machine and reviewed, never by CI.\n',
    );
    return 2;
  }
  let plan: Plan;
  try {
    plan = makePlan({ root: args.root, select: args.select, shard: args.shard });
  } catch (e) {
    io.stderr.write(`hangtime verify: ${(e as Error).message}\n`);
    return 2;
  }
  const scope = args.shard ? ` (shard ${args.shard.index}/${args.shard.count} of ${plan.selected})` : '';
  const atOnce = Math.min(args.concurrency ?? cpus().length, cpus().length);
  io.stdout.write(
    `verify: ${plan.runs.length} run${plan.runs.length === 1 ? '' : 's'}${scope}, ` +
      `${args.cached ? 'cache allowed' : 'fresh'}, ${atOnce} at a time\n`,
  );
  let reports: RunReport[];
  try {
    reports = await checkPlan(plan, {
      update: args.update,
      ci,
      fresh: !args.cached,
      concurrency: args.concurrency,
      onReport: (r) => printReport(r, io),
      heartbeat: (text) => io.stderr.write(`${text}\n`),
    });
  } catch (e) {
    io.stderr.write(`hangtime verify: ${(e as Error).message}\n`);
    return 2;
  }
  if (!args.shard || args.shard.index === 1) {
    for (const f of plan.unused)
      io.stdout.write(`unused frozen result: ${f} (no chapter runs it: delete it with git rm)\n`);
  }
  const failed = reports.filter((r) => !r.pass).length;
  io.stdout.write(`${reports.length - failed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
