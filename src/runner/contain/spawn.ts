// Starting a program under the launcher, and talking to the launcher: its status lines become
// promises (started, exited, empty), its commands (term, stop, kill) become methods.
// The control socket is the launcher's lifeline: it is closed when this process dies, however it
// dies, and the launcher then kills the tree.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import type { Socket } from 'node:net';
import { identify, type ProcessId } from '../../shared/process.ts';
import { signalName } from '../../shared/signals.ts';

export interface ContainedOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * The program's fds, index = fd number, as for child_process.spawn (fd numbers, 'ignore', 'inherit', 'pipe').
   * Entries past 2 are kept open for the program; every other fd the engine leaks is closed.
   * @default ['ignore', 'inherit', 'inherit']
   */
  stdio?: Array<number | 'ignore' | 'inherit' | 'pipe'>;
}

export interface ProgramStart {
  pid: number;
  startTicks: number;
  atNs: bigint;
  pidfd: boolean;
}

export interface StartError {
  error: string;
  launcher: boolean;
}

export interface ProgramExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** process.hrtime.bigint() time of the exit as the launcher saw it; null when `lost`. */
  atNs: bigint | null;
  /** The launcher died before it could say how the program ended. */
  lost: boolean;
}

export interface TreeEnd {
  /** True when the launcher saw nothing left below it. False: it died first (killed from outside,
   * or by the program: kill -9 $PPID), and whatever was below it went to PID 1, uncontained. */
  empty: boolean;
  atNs: bigint | null;
  launcher: { code: number | null; signal: NodeJS.Signals | null };
}

export interface ContainedChild {
  /** The launcher process (the program is its child). */
  launcher: ChildProcess;
  launcherId: ProcessId | null;
  /**
   * The program was exec'd — or not: `error` says why. `launcher` false: the program could not be
   * executed (then `exited` reports code 127, as a shell would); true: the launcher itself failed
   * (could not start, or could not hold the tree), and the program did not run.
   */
  started: Promise<ProgramStart | StartError>;
  /** The program itself ended (its descendants may live on, held by the launcher). */
  exited: Promise<ProgramExit>;
  /** Nothing of the run is left; the launcher has exited. */
  ended: Promise<TreeEnd>;
  /** SIGTERM to every process of the tree; resolves with how many were signalled. */
  term(): Promise<number>;
  /** SIGSTOP to every process until none runs (freeze a hang before killing it). */
  stop(): Promise<number>;
  /** SIGKILL to every process until none is left. */
  kill(): Promise<number>;
  /** Closes the lifeline: the launcher kills whatever is left and exits. */
  close(): void;
}

/** argv of the launcher for a program whose fds are 0..fdCount-1 and whose control is at controlFd. */
export function launcherArgv(launcherPath: string, program: string[], fdCount: number, controlFd: number): string[] {
  const keep: string[] = [];
  for (let fd = 3; fd < fdCount; fd++) keep.push('--keep', String(fd));
  return [launcherPath, '--control', String(controlFd), ...keep, '--', ...program];
}

export function spawnContained(
  launcherPath: string,
  program: string[],
  options: ContainedOptions = {},
): ContainedChild {
  const fds = options.stdio ?? ['ignore', 'inherit', 'inherit'];
  const controlFd = Math.max(3, fds.length);
  const stdio: StdioOptions = [...fds];
  while (stdio.length < controlFd) stdio.push('ignore');
  stdio.push('pipe');
  const argv = launcherArgv(launcherPath, program, fds.length, controlFd);
  // detached: the launcher leads its own session, so a terminal's Ctrl-C reaches the engine,
  // which decides, rather than the tree directly.
  const launcher = spawn(argv[0]!, argv.slice(1), { cwd: options.cwd, env: options.env, stdio, detached: true });
  const control = launcher.stdio[controlFd] as Socket;
  control.on('error', () => {
    /* EPIPE after the launcher exited: its exit tells the rest */
  });

  let onStarted!: (s: ProgramStart | StartError) => void;
  let onExited!: (e: ProgramExit) => void;
  let onEnded!: (e: TreeEnd) => void;
  const started = new Promise<ProgramStart | StartError>((r) => {
    onStarted = r;
  });
  const exited = new Promise<ProgramExit>((r) => {
    onExited = r;
  });
  const ended = new Promise<TreeEnd>((r) => {
    onEnded = r;
  });
  const replies: Record<string, Array<(n: number) => void>> = { term: [], stop: [], kill: [] };
  let emptyAt: bigint | null = null;
  let execError: string | null = null;
  let spawnError: string | null = null;

  const onLine = (line: string) => {
    const [word, ...rest] = line.split(' ');
    if (word === 'started') {
      onStarted({
        pid: Number(rest[0]),
        startTicks: Number(rest[1]),
        atNs: BigInt(rest[2]!),
        pidfd: rest[3] === 'pidfd=1',
      });
    } else if (word === 'exec-failed') {
      execError = `cannot execute ${program[0]}: ${rest.slice(1).join(' ')}`;
      onStarted({ error: execError, launcher: false });
    } else if (word === 'exit') {
      const n = Number(rest[2]);
      onExited({
        code: rest[1] === 'code' ? n : null,
        signal: rest[1] === 'signal' ? signalName(n) : null,
        atNs: BigInt(rest[3]!),
        lost: false,
      });
    } else if (word === 'signalled') {
      replies[rest[0]!]?.shift()?.(Number(rest[1]));
    } else if (word === 'empty') {
      emptyAt = BigInt(rest[0]!);
      // Everything the launcher will say is read: it waits for this end to close before it exits
      // (a command written to a launcher already gone would tear the socket down unread).
      control.end();
    } else if (word === 'error') {
      onStarted({ error: `launcher: ${rest.join(' ')}`, launcher: true });
    }
  };
  let buffered = '';
  control.setEncoding('utf8');
  control.on('data', (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      onLine(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
    }
  });
  // The end: the launcher exited and its status socket has been read to the end. Not 'close',
  // which also waits for the program's stdio: after a killed launcher, escaped processes may
  // hold those open for as long as they live.
  let launcherExit: TreeEnd['launcher'] | null = null;
  let controlClosed = false;
  const finish = (exit: TreeEnd['launcher']) => {
    onStarted({
      error:
        execError ??
        spawnError ??
        `the launcher ended before starting the program (${exit.signal ?? `exit ${exit.code}`})`,
      launcher: execError === null,
    });
    onExited({ code: null, signal: null, atNs: null, lost: true });
    for (const list of Object.values(replies)) for (const reply of list.splice(0)) reply(0);
    onEnded({ empty: emptyAt !== null, atNs: emptyAt, launcher: exit });
  };
  launcher.on('exit', (code, signal) => {
    launcherExit = { code, signal };
    if (controlClosed) finish(launcherExit);
  });
  control.on('close', () => {
    controlClosed = true;
    if (launcherExit) finish(launcherExit);
  });
  launcher.on('close', (code, signal) => finish(launcherExit ?? { code, signal })); // after a spawn error: no 'exit'
  launcher.on('error', (e) => {
    spawnError = `cannot start the launcher: ${e.message}`;
  });

  const send = (command: 'term' | 'stop' | 'kill') =>
    new Promise<number>((resolve) => {
      if (launcher.exitCode !== null || launcher.signalCode !== null || control.destroyed || control.writableEnded)
        return resolve(0);
      replies[command]!.push(resolve);
      control.write(`${command}\n`);
    });
  return {
    launcher,
    launcherId: launcher.pid ? identify(launcher.pid) : null,
    started,
    exited,
    ended,
    term: () => send('term'),
    stop: () => send('stop'),
    kill: () => send('kill'),
    close: () => control.destroy(),
  };
}
