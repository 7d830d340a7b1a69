// runSnippet: one snippet, run as a real process tree, watched, classified, and killed whole.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Transcript, makePipes, readPipe } from './capture.ts';
import { buildEnv, hostInfo, repoRoot, resolvePython, tsxLoader } from './env.ts';
import { localImports } from './imports.ts';
import { hasProc, listProcesses, nowTicks, sampleThreads } from './procfs.ts';
import {
  RunOptions,
  SCHEMA_VERSION,
  PublishedValue,
  type Chunk,
  type Outcome,
  type RunOptionsInput,
  type RunResult,
} from './result.ts';
import { killTree, registerRun, runPids, sweepOrphanedRuns, unregisterRun, type LiveRun } from './terminate.ts';
import { Watcher } from './watch.ts';
import { autopsyHooks } from './hooks.ts';

export interface RunEffects {
  /** Every chunk of output as it arrives (the CLI streams them). */
  onChunk?: (c: Chunk) => void;
  /** Aborting kills the tree and ends the run as 'interrupted'. */
  signal?: AbortSignal;
}

export class UsageError extends Error {}

const nodePreload = new URL('./preload/node.cjs', import.meta.url).pathname;
const LEFTOVER_GRACE_MS = 300;
const AUTOPSY_LIMIT_MS = 3000;
const EOF_GRACE_MS = 500;
/**
 * fds this process holds without O_CLOEXEC (inherited from whoever started us: a test runner's
 * channel, a shell's stray pipe) would leak into every snippet. They may be in use here, so
 * they are closed in the child instead, by a bash that then execs the snippet (no extra process).
 */
function leakingFds(): number[] {
  if (!hasProc) return [];
  const out: number[] = [];
  for (const name of readdirSync('/proc/self/fd')) {
    const fd = Number(name);
    if (fd <= 2) continue;
    try {
      const flags = /flags:\s+(\d+)/.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
      if (flags && (parseInt(flags, 8) & 0o2000000) === 0) out.push(fd);
    } catch {
      /* the fd of the listing itself */
    }
  }
  return out;
}

function closingFds(argv: string[]): string[] {
  const fds = leakingFds();
  if (fds.length === 0 || !existsSync('/bin/bash')) return argv;
  return ['/bin/bash', '-c', `exec ${fds.map((fd) => `${fd}>&-`).join(' ')}; exec "$@"`, 'hangtime', ...argv];
}

export function languageOf(file: string): 'ts' | 'py' {
  const ext = extname(file);
  if (ext === '.ts' || ext === '.mts') return 'ts';
  if (ext === '.py') return 'py';
  throw new UsageError(`${file}: unknown extension '${ext}' (hangtime runs .ts and .py snippets)`);
}

/** 'strip' when Node can run every file natively, else tsx's loader. */
export function chooseTsRunner(file: string, wanted: RunOptions['tsRunner']): 'strip' | 'tsx' {
  if (wanted !== 'auto') return wanted;
  // stripTypeScriptTypes warns that it is experimental; the check is ours, not the snippet's.
  const emit = process.emitWarning;
  process.emitWarning = () => {};
  try {
    for (const f of localImports(file)) stripTypeScriptTypes(readFileSync(f, 'utf8'));
    return 'strip';
  } catch {
    return 'tsx';
  } finally {
    process.emitWarning = emit;
  }
}

export function displayPath(file: string): string {
  const rel = relative(repoRoot, resolve(file));
  return rel.startsWith('..') ? resolve(file) : rel;
}

function quote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

function readValues(file: string) {
  if (!existsSync(file)) return [];
  const out: PublishedValue[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(PublishedValue.parse(JSON.parse(line)));
    } catch {
      /* a torn line from a killed writer */
    }
  }
  return out;
}

export async function runSnippet(
  file: string,
  input: RunOptionsInput = {},
  effects: RunEffects = {},
): Promise<RunResult> {
  const abs = resolve(file);
  if (!existsSync(abs)) throw new UsageError(`${file}: no such file`);
  const language = languageOf(abs);
  const options = RunOptions.parse(input);
  sweepOrphanedRuns();

  const root = mkdtempSync(join(tmpdir(), 'hangtime-run-'));
  const cwd = options.cwd ? resolve(options.cwd) : join(root, 'work');
  mkdirSync(cwd, { recursive: true });
  const stacksDir = join(root, 'stacks');
  mkdirSync(stacksDir);
  const runId = randomBytes(8).toString('hex');
  const hooks = await autopsyHooks();
  const launch = hooks?.launch(language, stacksDir) ?? { env: {}, nodeArgs: [] };

  let argv: string[];
  let readerArgv: string[];
  if (language === 'py') {
    const py = resolvePython();
    if (!py) throw new UsageError(`${file}: python3 was not found on PATH`);
    argv = [py.path, abs, ...options.args];
    readerArgv = ['python3', displayPath(abs), ...options.args];
  } else {
    const runner = chooseTsRunner(abs, options.tsRunner);
    const loader = runner === 'tsx' ? ['--import', tsxLoader] : [];
    // --no-memory-reducer: see preload/node.cjs (V8's own 8 s timer would hide every Node hang).
    argv = [process.execPath, '--no-memory-reducer', ...loader, ...launch.nodeArgs, abs, ...options.args];
    readerArgv =
      runner === 'tsx'
        ? ['node', '--import', 'tsx', displayPath(abs), ...options.args]
        : ['node', displayPath(abs), ...options.args];
  }
  const publishFile = join(root, 'published.jsonl');
  const nodeOptions = [`--require="${nodePreload.replace(/(["\\])/g, '\\$1')}"`, launch.env.NODE_OPTIONS ?? '']
    .join(' ')
    .trim();
  const env = buildEnv(options, { runId, publishFile, tmp: root }, { ...launch.env, NODE_OPTIONS: nodeOptions });

  const [out, err] = makePipes(2);
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  const transcript = new Transcript(options.maxOutputBytes, now, effects.onChunk);
  const startedAt = new Date().toISOString();
  const sinceTicks = nowTicks() - 1;
  const launched = closingFds(argv);
  const child = spawn(launched[0]!, launched.slice(1), {
    cwd,
    env,
    stdio: ['ignore', out!.writeFd, err!.writeFd],
    detached: true,
  });
  closeSync(out!.writeFd);
  closeSync(err!.writeFd);
  const stdout = readPipe(out!.readFd, (b) => transcript.add('stdout', b));
  const stderr = readPipe(err!.readFd, (b) => transcript.add('stderr', b));
  const eof = Promise.all([stdout.ended, stderr.ended]);

  const run: LiveRun = { runId, rootPid: child.pid ?? -1, sinceTicks };
  let killedBy: Outcome['killedBy'] = null;
  const limits: Outcome['limits'] = [];
  let hang: RunResult['hang'] = null;
  let autopsy: unknown = null;
  let wallMs = 0;

  type Ending = { kind: 'exit'; code: number | null; signal: string | null } | { kind: 'engine' };
  let finish!: (e: Ending) => void;
  const ended = new Promise<Ending>((r) => {
    finish = r;
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((r) =>
    child.on('exit', (code, signal) => r({ code, signal })),
  );
  child.on('error', () => finish({ kind: 'exit', code: null, signal: null }));
  void exited.then((e) => finish({ kind: 'exit', ...e }));
  if (child.pid) registerRun(run);

  const stopBy = (why: NonNullable<Outcome['killedBy']>) => {
    killedBy ??= why;
    finish({ kind: 'engine' });
  };
  const watcher = new Watcher({
    rootPid: run.rootPid,
    now,
    quietMs: options.quietMs,
    maxProcesses: options.maxProcesses,
    maxMemoryBytes: options.maxMemoryBytes,
    outputBytes: () => transcript.totalBytes,
    onHang: (info) => {
      hang = {
        quietAtMs: round(info.quietAtMs),
        confirmedAtMs: round(info.confirmedAtMs),
        confirmedAfterMs: round(info.confirmedAtMs - info.quietAtMs),
      };
      stopBy('hang');
    },
    onLimit: (kind, detail) => {
      limits.push({ kind, detail });
      stopBy('limit');
    },
  });
  if (hasProc && child.pid) watcher.start();
  else if (child.pid) startQuietFallback();
  const timer = setTimeout(() => stopBy('timeout'), options.timeoutMs);
  const onAbort = () => stopBy('interrupted');
  effects.signal?.addEventListener('abort', onAbort);
  if (effects.signal?.aborted) onAbort();

  // Without /proc there is no way to see threads: a long silence is the only hint of a hang.
  function startQuietFallback() {
    const quiet = Math.max(options.quietMs, 5000);
    let last = -1;
    let since = 0;
    const iv = setInterval(() => {
      if (transcript.totalBytes !== last) {
        last = transcript.totalBytes;
        since = now();
        return;
      }
      if (now() - since >= quiet) {
        clearInterval(iv);
        hang = { quietAtMs: round(since), confirmedAtMs: round(now()), confirmedAfterMs: round(now() - since) };
        stopBy('hang');
      }
    }, 100);
    void ended.then(() => clearInterval(iv));
  }

  const ending = await ended;
  watcher.stop();
  clearTimeout(timer);
  effects.signal?.removeEventListener('abort', onAbort);
  let code: number | null = null;
  let signal: string | null = null;
  let leftBehind = 0;

  if (ending.kind === 'engine') {
    wallMs = now();
    if (killedBy === 'hang' && hooks) {
      // The autopsy must never keep a hung tree alive: it gets a bounded time, then the kill comes.
      const took = hooks
        .take(runPids(run), { stacksDir, rootPid: run.rootPid, startedAt })
        .catch((e: unknown) => ({ error: String(e) }));
      autopsy = await Promise.race([
        took,
        sleep(AUTOPSY_LIMIT_MS).then(() => ({ error: `autopsy took longer than ${AUTOPSY_LIMIT_MS} ms` })),
      ]);
    }
    await killTree(run, 100, killedBy === 'hang');
    const e = await exited;
    signal = e.signal;
    code = e.code;
  } else {
    wallMs = now();
    code = ending.code;
    signal = ending.signal;
    // The main process is gone; give its descendants a moment to finish on their own.
    const deadline = Date.now() + LEFTOVER_GRACE_MS;
    let left = remaining(run);
    while (left.program.length > 0 && Date.now() < deadline) {
      await sleep(10);
      left = remaining(run);
    }
    if (left.program.length > 0) {
      leftBehind = left.program.length;
      killedBy = 'leftovers';
    }
    if (left.all.length > 0) await killTree(run, 50);
  }
  await Promise.race([eof, sleep(EOF_GRACE_MS)]);
  // destroy() closes the read fds; closing them again here could close another run's fd
  // that reused the number (libuv aborts on that).
  stdout.socket.destroy();
  stderr.socket.destroy();
  transcript.finish();
  unregisterRun(runId);
  const values = readValues(publishFile);
  rmSync(root, { recursive: true, force: true });

  const method = hasProc ? 'proc' : 'quiet-window';
  // Widened on purpose: the watcher's callbacks set killedBy too, where TypeScript's narrowing cannot see.
  const by = killedBy as Outcome['killedBy'];
  const kind: Outcome['kind'] =
    by === 'hang'
      ? 'hang'
      : by === 'timeout'
        ? 'timeout'
        : ending.kind === 'exit' && ending.signal === null
          ? 'exit'
          : 'signal';
  return {
    schemaVersion: SCHEMA_VERSION,
    runId,
    snippet: { path: displayPath(abs), language, sha256: createHash('sha256').update(readFileSync(abs)).digest('hex') },
    argv,
    command: readerArgv.map(quote).join(' '),
    options,
    startedAt,
    host: hostInfo(language === 'py'),
    outcome: {
      kind,
      code: kind === 'exit' ? code : null,
      signal: kind === 'exit' ? null : signal,
      killedBy,
      leftBehind,
      limits,
      method,
    },
    transcript: { chunks: transcript.chunks, totalBytes: transcript.totalBytes, droppedBytes: transcript.droppedBytes },
    timing: { wallMs: round(wallMs), cpuMs: round(watcher.cpuMs) },
    hang,
    timeline: watcher.timeline,
    autopsy,
    values,
  };
}

/**
 * What of the run is still alive after the main process exited (from one scan of /proc): every
 * process, and those that are the program rather than a runtime helper.
 */
function remaining(run: LiveRun): { all: number[]; program: number[] } {
  const list = listProcesses();
  const pids = new Set(runPids(run, list));
  if (pids.size === 0) return { all: [], program: [] };
  const procs = list.filter((p) => pids.has(p.pid) && p.state !== 'Z');
  const threads = sampleThreads(procs);
  return {
    all: [...pids],
    program: procs.filter((p) => threads.some((t) => t.pid === p.pid && !t.housekeeping)).map((p) => p.pid),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (ms: number) => Math.round(ms * 10) / 10;
