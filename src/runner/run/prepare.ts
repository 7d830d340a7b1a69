// Phase 1 of a run: check what was asked, make the run's temporary folder, and decide the argv
// and the environment. Nothing is started here; a UsageError means nothing ran. What runs is a
// snippet file (its interpreter chosen by its extension) or a command (an executable on PATH).
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { autopsyLaunch } from '../autopsy/launch.ts';
import { makeRunDir } from '../contain/registry.ts';
import { commandArgv, launchArgv, UsageError, type Language } from '../launch/argv.ts';
import { buildEnv, nodeCompileCache } from '../launch/env.ts';
import { checkSnippet, type CheckedSnippet } from '../launch/snippet.ts';
import { checkRunOptions } from '../options.ts';
import type { RunOptions, RunOptionsInput } from '../result.ts';
import type { RunContext } from './context.ts';

/** Loaded into every Node process of a run (see preload/node.cjs). */
const nodePreload = new URL('../preload/node.cjs', import.meta.url).pathname;

const requireArg = (path: string) => `--require="${path.replace(/(["\\])/g, '\\$1')}"`;

/** What a run runs: a snippet file, or a command (its arguments are the run's `args`). */
export type Target = { file: string } | { command: string };

function parseOptions(what: string, input: RunOptionsInput): RunOptions {
  try {
    return checkRunOptions(input);
  } catch (e) {
    throw new UsageError(`${what}: ${(e as Error).message}`);
  }
}

/** What runs: the file (absolute) or the executable a command resolved to, its language, argv and command. */
function launch(target: CheckedSnippet | { command: string }, options: RunOptions, env: () => Record<string, string>) {
  if ('command' in target) {
    // Resolved on the run's own PATH, from where the caller stands (a name with a slash is relative to it).
    const c = commandArgv(target.command, options.args, env().PATH ?? '', resolve(options.cwd ?? '.'));
    return { file: c.executable, language: 'command' as Language, argv: c.argv, command: c.command, sha256: null };
  }
  const { abs, language, sha256 } = target;
  return { file: abs, language: language as Language, sha256, ...launchArgv(abs, language, options) };
}

/**
 * A RunContext for a file or a command, or a UsageError (no such file or command, a folder, an
 * unreadable file, an unknown extension, bad options). A file is checked and read once, here.
 */
export function prepare(target: Target | string, input: RunOptionsInput): RunContext {
  if (typeof target === 'string') target = { file: target };
  const what = 'file' in target ? target.file : target.command;
  const checked = 'file' in target ? checkSnippet(target.file) : target;
  const options = parseOptions(what, input);
  const pathOnly = () => buildEnv(options, { runId: '', publishFile: '', tmp: '' }, {});
  const { file, language, argv, command, sha256 } = launch(checked, options, pathOnly);

  // Named for this engine (pid + start time): the next start removes it if this one is killed.
  const tmp = makeRunDir('run');
  const cwd = options.cwd ? resolve(options.cwd) : join(tmp, 'work');
  mkdirSync(cwd, { recursive: true });
  const stacksDir = join(tmp, 'stacks');
  mkdirSync(stacksDir);
  const runId = randomBytes(8).toString('hex');
  const publishFile = join(tmp, 'published.jsonl');
  const hooks = autopsyLaunch(stacksDir);
  const cache = nodeCompileCache();
  const env = buildEnv(
    options,
    { runId, publishFile, tmp },
    {
      ...hooks,
      ...(cache ? { HANGTIME_NODE_CACHE: cache } : {}),
      NODE_OPTIONS: `${requireArg(nodePreload)} ${hooks.NODE_OPTIONS}`,
    },
  );
  return {
    runId,
    file,
    language,
    sha256,
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
