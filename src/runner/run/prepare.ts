// Phase 1 of a run: check what was asked, make the run's temporary folder, and decide the argv
// and the environment. Nothing is started here; a UsageError means nothing ran.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { autopsyLaunch } from '../autopsy/launch.ts';
import { makeRunDir } from '../contain/registry.ts';
import { languageOf, launchArgv, UsageError } from '../launch/argv.ts';
import { buildEnv } from '../launch/env.ts';
import { RunOptions, type RunOptionsInput } from '../result.ts';
import type { RunContext } from './context.ts';

/** Loaded into every Node process of a run (see preload/node.cjs). */
const nodePreload = new URL('../preload/node.cjs', import.meta.url).pathname;

const requireArg = (path: string) => `--require="${path.replace(/(["\\])/g, '\\$1')}"`;

/** A RunContext for `file`, or a UsageError (no such file, a folder, an unknown extension, bad options). */
export function prepare(file: string, input: RunOptionsInput): RunContext {
  const abs = resolve(file);
  if (!existsSync(abs)) throw new UsageError(`${file}: no such file`);
  if (!statSync(abs).isFile()) throw new UsageError(`${file}: not a regular file`);
  const language = languageOf(abs);
  const parsed = RunOptions.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${file}: option ${issue.path.join('.') || '(options)'}: ${issue.message}`);
  }
  const options = parsed.data;
  const { argv, command } = launchArgv(abs, language, options);

  // Named for this engine (pid + start time): the next start removes it if this one is killed.
  const tmp = makeRunDir('run');
  const cwd = options.cwd ? resolve(options.cwd) : join(tmp, 'work');
  mkdirSync(cwd, { recursive: true });
  const stacksDir = join(tmp, 'stacks');
  mkdirSync(stacksDir);
  const runId = randomBytes(8).toString('hex');
  const publishFile = join(tmp, 'published.jsonl');
  const hooks = autopsyLaunch(stacksDir);
  const env = buildEnv(
    options,
    { runId, publishFile, tmp },
    { ...hooks, NODE_OPTIONS: `${requireArg(nodePreload)} ${hooks.NODE_OPTIONS}` },
  );
  return {
    runId,
    file: abs,
    language,
    options,
    tmp,
    cwd,
    stacksDir,
    publishFile,
    argv,
    command,
    env,
    startedAt: '',
    load: [0, 0, 0],
    now: () => 0,
    killedBy: null,
    limits: [],
    hang: null,
    proof: null,
    waits: null,
    autopsy: null,
    containment: { mechanism: 'subreaper', held: true, reason: null },
    wallMs: 0,
  };
}
