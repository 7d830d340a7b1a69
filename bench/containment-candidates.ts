// The containment candidates side by side, as whoever runs this (root, or an unprivileged user):
// is each available, does it hold the escapee (fork, setsid, fork, execve /bin/sleep 47 with an
// empty environment), what does a run of /bin/true cost through it (median of ROUNDS, all
// candidates in turn so that load hits them alike), and what does the program see.
// Run: node bench/containment-candidates.ts   (unprivileged: runuser -u USER -- node …)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ensureLauncher } from '../src/runner/contain/launcher.ts';
import { spawnContained } from '../src/runner/contain/spawn.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 40);
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const escapee = new URL('../tests/fixtures/contain/escapee.py', import.meta.url).pathname;
const isRoot = process.getuid?.() === 0;
const cgroupV2 = '/sys/fs/cgroup/unified';
const cgroupPids = '/sys/fs/cgroup/pids';

// A subreaper in Python (ctypes prctl): the fallback where there is no C compiler.
const pySubreaper = `import ctypes,os,sys
ctypes.CDLL(None,use_errno=True).prctl(36,1,0,0,0)
p=os.fork()
if p==0:
    os.setsid();os.execvp(sys.argv[1],sys.argv[1:])
while True:
    try: os.wait()
    except ChildProcessError: break`;

/**
 * mainExited: the program ended; finish: what a run must still do or wait for (cost = both);
 * cleanup: kill what is left.
 */
interface Started {
  proc: ChildProcess;
  root: number;
  mainExited: Promise<unknown>;
  finish?: () => Promise<unknown>;
  cleanup?: () => Promise<void>;
  cgroup?: string;
}
interface Candidate {
  name: string;
  unavailable: () => string | null;
  start: (argv: string[]) => Started;
  view: string;
}

const waitExit = (p: ChildProcess) =>
  new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.on('close', () => r())));
function plain(argv: string[], detached = true): Started {
  const proc = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore', detached });
  return { proc, root: proc.pid!, mainExited: waitExit(proc) };
}

let seq = 0;
function inCgroup(base: string, argv: string[]): Started {
  const dir = `${base}/hangtime-bench-${process.pid}-${seq++}`;
  mkdirSync(dir);
  const proc = spawn('/bin/sh', ['-c', `echo $$ > ${dir}/cgroup.procs && exec "$@"`, 'sh', ...argv], {
    stdio: 'ignore',
    detached: true,
  });
  const exited = waitExit(proc);
  const finish = async () => {
    if (existsSync(`${dir}/cgroup.kill`)) writeFileSync(`${dir}/cgroup.kill`, '1');
    else
      for (const pid of readFileSync(`${dir}/cgroup.procs`, 'utf8').split('\n').filter(Boolean))
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          /* gone */
        }
    for (let i = 0; i < 100; i++) {
      try {
        rmdirSync(dir);
        return;
      } catch {
        await sleep(5);
      }
    }
  };
  return { proc, root: proc.pid!, mainExited: exited, finish, cleanup: finish, cgroup: dir };
}

const launcher = await ensureLauncher();
const unshareOk = (args: string[]) =>
  spawnSync('unshare', [...args, '/bin/true']).status === 0 ? null : `unshare ${args.join(' ')} fails for this user`;
const candidates: Candidate[] = [
  { name: 'plain spawn (group + run id)', unavailable: () => null, start: (a) => plain(a), view: 'unchanged' },
  {
    name: 'C subreaper launcher',
    view: 'unchanged (its parent is the launcher)',
    unavailable: () => (launcher.ok ? null : launcher.reason),
    start: (a) => {
      const c = spawnContained((launcher as { path: string }).path, a, { stdio: ['ignore', 'ignore', 'ignore'] });
      return {
        proc: c.launcher,
        root: c.launcher.pid!,
        mainExited: c.exited,
        finish: () => c.ended,
        cleanup: async () => {
          await c.kill();
          await c.ended;
        },
      };
    },
  },
  {
    name: 'Python ctypes subreaper',
    view: 'unchanged',
    unavailable: () => null,
    start: (a) => plain([python, '-c', pySubreaper, ...a]),
  },
  {
    name: 'unshare --pid --fork (root)',
    view: 'getpid() = 1, /proc shows host pids',
    unavailable: () => unshareOk(['--pid', '--fork']),
    start: (a) => plain(['unshare', '--pid', '--fork', '--kill-child', ...a]),
  },
  {
    name: 'unshare --user --map-current-user --pid --fork',
    view: 'getpid() = 1, /proc shows host pids; uid kept',
    unavailable: () => unshareOk(['--user', '--map-current-user', '--pid', '--fork']),
    start: (a) => plain(['unshare', '--user', '--map-current-user', '--pid', '--fork', '--kill-child', ...a]),
  },
  {
    name: 'unshare --user -c --pid --fork --mount-proc',
    view: 'getpid() = 1, /proc shows only the run',
    unavailable: () => unshareOk(['--user', '--map-current-user', '--pid', '--fork', '--mount-proc']),
    start: (a) =>
      plain(['unshare', '--user', '--map-current-user', '--pid', '--fork', '--kill-child', '--mount-proc', ...a]),
  },
  {
    name: 'sh wrapper (baseline for cgroups)',
    view: 'unchanged',
    unavailable: () => null,
    start: (a) => plain(['/bin/sh', '-c', 'exec "$@"', 'sh', ...a]),
  },
  {
    name: 'cgroup v2 leaf (unified) via sh',
    view: 'unchanged',
    unavailable: () => cgroupUnavailable(cgroupV2),
    start: (a) => inCgroup(cgroupV2, a),
  },
  {
    name: 'cgroup v1 pids via sh',
    view: 'unchanged',
    unavailable: () => cgroupUnavailable(cgroupPids),
    start: (a) => inCgroup(cgroupPids, a),
  },
];

function cgroupUnavailable(base: string): string | null {
  const probe = `${base}/hangtime-probe-${process.pid}`;
  try {
    mkdirSync(probe);
    rmdirSync(probe);
    return null;
  } catch (e) {
    return `cannot create a cgroup under ${base} (${(e as NodeJS.ErrnoException).code})`;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

function sleepers(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'latin1') !== 'sleep\u000047\u0000') continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      out.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  return out;
}
function ancestors(pid: number): number[] {
  const chain: number[] = [];
  for (let p = pid; p > 1 && chain.length < 64;) {
    try {
      const s = readFileSync(`/proc/${p}/stat`, 'latin1');
      p = Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]);
      chain.push(p);
    } catch {
      break;
    }
  }
  return chain;
}

async function holdsEscapee(c: Candidate): Promise<string> {
  const before = sleepers();
  const s = c.start([python, escapee, '0.5']); // main lingers: a sleeper killed with it is seen first
  let p: number | undefined;
  for (let i = 0; i < 500 && p === undefined; i++) {
    await sleep(10);
    p = [...sleepers().keys()].find((q) => !before.has(q));
  }
  // The escapee's main ends at once; a wrapper that waits for every descendant never says so.
  await Promise.race([s.mainExited, sleep(2000)]);
  await sleep(300);
  let verdict: string;
  if (p === undefined) verdict = 'no sleeper seen';
  else if (!sleepers().has(p)) verdict = 'held: killed when the program ended';
  else if (s.cgroup && readFileSync(`${s.cgroup}/cgroup.procs`, 'utf8').split('\n').includes(String(p)))
    verdict = 'held: in the cgroup';
  else if (ancestors(p).includes(s.root)) verdict = 'held: below the launcher';
  else verdict = `ESCAPED (parent ${ancestors(p)[0]})`;
  await s.cleanup?.();
  if (p !== undefined)
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* gone */
    }
  if (!s.cleanup)
    try {
      process.kill(-s.root, 'SIGKILL');
    } catch {
      /* gone */
    }
  return verdict;
}

console.log(
  `containment candidates, as ${isRoot ? 'root' : `uid ${process.getuid?.()}`}; ` +
    `cost = spawn to the end of /bin/true's run, median of ${ROUNDS}`,
);
const live = candidates.filter((c) => {
  const why = c.unavailable();
  if (why) console.log(`- ${c.name}: unavailable: ${why}`);
  return !why;
});
const times = new Map<string, number[]>(live.map((c) => [c.name, []]));
for (let i = 0; i < ROUNDS; i++) {
  for (const c of live) {
    const t0 = performance.now();
    const s = c.start(['/bin/true']);
    await s.mainExited;
    await s.finish?.();
    times.get(c.name)!.push(performance.now() - t0);
  }
}
const base = median(times.get(live[0]!.name)!);
console.log('| candidate | escapee | median ms | vs plain spawn | program sees |');
console.log('| --- | --- | --- | --- | --- |');
for (const c of live) {
  const m = median(times.get(c.name)!);
  console.log(
    `| ${c.name} | ${await holdsEscapee(c)} | ${m.toFixed(2)} | ` +
      `${m - base >= 0 ? '+' : ''}${(m - base).toFixed(2)} ms | ${c.view} |`,
  );
}
