// Starts the hang fixtures as real process trees (each its own session), reads their waits
// once they hold still, checks every waker the facts name against /proc, and kills every group
// it started, proving that nothing survives.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findTree, listProcesses } from '../../../../src/runner/watch/procfs.ts';
import {
  judgeWaits,
  readWaits,
  type On,
  type ThreadWait,
  type Verdict,
  type WaitFacts,
  type Wakers,
} from '../../../../src/runner/waits/index.ts';

export const hangs = fileURLToPath(new URL('../../../fixtures/hangs/', import.meta.url));
export const outside = hangs + 'outside/';
export const node = process.execPath;
export const python = execFileSync('python3', ['-I', '-S', '-c', 'import sys; print(sys.executable)'], {
  encoding: 'utf8',
}).trim();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  PYTHONUNBUFFERED: '1',
  PYTHONDONTWRITEBYTECODE: '1',
  LANG: 'C.UTF-8',
};
const groups: ChildProcess[] = [];

/** Starts a program in its own session; `pipe` keeps its stdout for the test to read (or its stdin open). */
export function start(
  cmd: string,
  args: string[],
  o: { stdin?: 'pipe' | 'ignore'; stdout?: 'pipe' | 'ignore'; cwd?: string } = {},
): ChildProcess {
  const c = spawn(cmd, args, {
    detached: true,
    stdio: [o.stdin ?? 'ignore', o.stdout ?? 'ignore', 'inherit'],
    env,
    cwd: o.cwd,
  });
  groups.push(c);
  return c;
}

/**
 * A fixture of tests/fixtures/hangs (.py with python, .ts with node). Node runs without V8's
 * memory reducer, which re-arms an 8 s timer on an idle event loop after some GCs: /proc cannot
 * tell that timer from the program's, and no hang could be proven while it runs.
 */
export function startFixture(name: string, args: string[] = [], o: { stdout?: 'pipe' | 'ignore' } = {}): ChildProcess {
  return name.endsWith('.py')
    ? start(python, [hangs + name, ...args], o)
    : start(node, ['--no-memory-reducer', hangs + name, ...args], o);
}

export function firstLine(c: ChildProcess, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`no line from ${c.spawnargs.join(' ')}`)), timeoutMs);
    c.stdout!.setEncoding('utf8');
    c.stdout!.on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(buf.slice(0, nl));
      }
    });
  });
}

const adopted: number[] = [];
/** A process a test found that left the sessions it started (script(1) gives its child a session of its own). */
export function adopt(pid: number): void {
  adopted.push(pid);
}

/** Kills every group started (SIGKILL) and proves that no process of theirs is left. */
export async function killAll(): Promise<void> {
  const sessions = [...groups.map((c) => c.pid!).filter(Boolean), ...adopted];
  for (const pid of sessions)
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  for (const pid of adopted)
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  groups.length = 0;
  adopted.length = 0;
  for (const deadline = Date.now() + 5000; ; await sleep(50)) {
    const left = listProcesses().filter(
      (p) => (sessions.includes(p.session) || sessions.includes(p.pid)) && p.state !== 'Z',
    );
    if (left.length === 0) return;
    for (const p of left)
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    assert.ok(Date.now() < deadline, `left behind: ${left.map((p) => `${p.pid} ${p.comm}`).join(', ')}`);
  }
}

export const treeOf = (root: number) => findTree(root, listProcesses()).map((p) => p.pid);

function signature(pids: number[]): string | null {
  const out: string[] = [];
  for (const pid of pids) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'latin1');
        const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        if (state === 'R' || state === 'D') return null;
        out.push(`${tid}:${state}:${readFileSync(`/proc/${pid}/task/${tid}/syscall`, 'latin1').trim()}`);
      } catch {
        /* gone */
      }
    }
  }
  return out.sort().join('|');
}

/** Waits until the tree has at least `processes` processes and none of its threads moved over 60 ms. */
export async function settle(root: number, processes = 1, timeoutMs = 10_000): Promise<number[]> {
  for (const deadline = Date.now() + timeoutMs; ; await sleep(30)) {
    assert.ok(Date.now() < deadline, `tree of ${root} never held still`);
    const pids = treeOf(root);
    if (pids.length < processes) continue;
    const a = signature(pids);
    await sleep(60);
    if (a !== null && a === signature(treeOf(root))) return pids;
  }
}

export interface Look {
  facts: WaitFacts;
  verdict: Verdict;
}

/** Reads the tree's waits, judges them, and checks every waker named against /proc. */
export async function look(root: number): Promise<Look> {
  const facts = await readWaits({ pids: treeOf(root) });
  checkWakers(facts);
  return { facts, verdict: judgeWaits(facts) };
}

/**
 * Looks again until the verdict is the one wanted (a tree takes a while to reach its final
 * wait); returns every verdict seen, so a test can also prove what was never said.
 */
export async function lookUntil(
  root: number,
  want: (v: Verdict) => boolean,
  o: { processes?: number; timeoutMs?: number } = {},
): Promise<Look & { seen: Verdict[] }> {
  const seen: Verdict[] = [];
  const deadline = Date.now() + (o.timeoutMs ?? 10_000);
  for (;;) {
    await settle(root, o.processes ?? 1, Math.max(1000, deadline - Date.now()));
    const l = await look(root);
    seen.push(l.verdict);
    if (want(l.verdict) || Date.now() > deadline) return { ...l, seen };
    await sleep(50);
  }
}

type Judged = { kind: string; outside?: { waker: { kind: string; door?: string; target?: string } }[] };

/**
 * Whether a verdict is waiting at a door anyone may use (connect, send, open, signal…), its target
 * matching `target` (a pattern, or a text it contains).
 */
export function atDoor(v: Judged, door: string, target: RegExp | string = ''): boolean {
  const fits = (t = '') => (typeof target === 'string' ? t.includes(target) : target.test(t));
  return (
    v.kind === 'waiting' &&
    v.outside!.some((o) => o.waker.kind === 'door' && o.waker.door === door && fits(o.waker.target))
  );
}

export const show = (x: unknown) =>
  JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? String(v) : v), 1).replace(/\n\s*/g, ' ');

/** The thread of the facts that waits on a kind of thing (the first, in pid order). */
export function waiting(facts: WaitFacts, kind: On['kind']): ThreadWait {
  const t = facts.threads.find((x) => !x.housekeeping && x.on.kind === kind);
  assert.ok(t, `no thread waits on a ${kind}: ${show(facts.threads.map((x) => [x.pid, x.thread, x.on.kind]))}`);
  return t;
}

// ---- The property: every waker the facts name exists in /proc with that role. ----

function link(pid: number, fd: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/fd/${fd}`);
  } catch {
    return null;
  }
}
const read = (p: string) => {
  try {
    return readFileSync(p, 'latin1');
  } catch {
    return null;
  }
};

function checkRole(
  facts: WaitFacts,
  t: ThreadWait,
  on: On,
  w: { pid: number; role: Wakers['inside'][number]['role'] },
  inside: boolean,
): void {
  const where = `waker ${w.pid} of thread ${t.tid} (${on.kind})`;
  assert.equal(
    facts.processes.some((p) => p.pid === w.pid),
    inside,
    `${where}: inside the run is ${inside}`,
  );
  assert.ok(read(`/proc/${w.pid}/stat`) !== null, `${where}: no such process`);
  const r = w.role;
  switch (r.role) {
    case 'holds': {
      const l = link(w.pid, r.fd);
      if (r.object.startsWith('eventfd ')) {
        assert.equal(l, 'anon_inode:[eventfd]', where);
        assert.match(
          read(`/proc/${w.pid}/fdinfo/${r.fd}`) ?? '',
          new RegExp(`eventfd-id:\\s*${r.object.slice(8)}\\b`),
          where,
        );
      } else if (r.object.includes('(the master of'))
        assert.ok(l === '/dev/ptmx' || l === '/dev/pts/ptmx', `${where}: ${l}`);
      else assert.equal(l, r.object, `${where}: fd ${r.fd}`);
      if (r.end) {
        const flags = /^flags:\s*([0-7]+)/m.exec(read(`/proc/${w.pid}/fdinfo/${r.fd}`) ?? '');
        const mode = flags ? parseInt(flags[1]!, 8) & 3 : -1;
        assert.equal(['read', 'write', 'both'][mode], r.end, `${where}: end of fd ${r.fd}`);
      }
      return;
    }
    case 'locks': {
      const body = (line: string) => line.replace(/^\d+:\s*/, '');
      assert.ok(
        (read('/proc/locks') ?? '').split('\n').some((l) => body(l.trim()) === body(r.line)),
        `${where}: not in /proc/locks: ${r.line}`,
      );
      return;
    }
    case 'exits': {
      if (on.kind === 'pidfd') return;
      const stat = read(`/proc/${w.pid}/stat`)!;
      assert.equal(
        Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]),
        t.pid,
        `${where}: not a child of ${t.pid}`,
      );
      return;
    }
    case 'maps': {
      const [, , , dev, inode] = r.mapping.split(/\s+/);
      assert.ok(
        (read(`/proc/${w.pid}/maps`) ?? '').includes(` ${dev} ${inode} `),
        `${where}: does not map ${dev} ${inode}`,
      );
      return;
    }
    case 'same process':
      assert.equal(w.pid, t.pid, where);
      return;
  }
}

function checkWakersOf(facts: WaitFacts, t: ThreadWait, on: On, wakers: Wakers): void {
  for (const w of wakers.inside) checkRole(facts, t, on, w, true);
  for (const o of wakers.outside) {
    if (o.kind === 'process') checkRole(facts, t, on, o, false);
    if (o.kind === 'remote')
      assert.ok(
        remotes(on).some((r) => r === `${o.address}:${o.port}`),
        `remote ${o.address}:${o.port} is no socket's remote`,
      );
  }
  if (on.kind === 'poll') for (const x of on.fds) checkWakersOf(facts, t, x.on, x.wakers);
}

function remotes(on: On): string[] {
  if (on.kind === 'tcp' || on.kind === 'udp') return on.remote ? [`${on.remote.address}:${on.remote.port}`] : [];
  if (on.kind === 'poll') return on.fds.flatMap((x) => remotes(x.on));
  return [];
}

export function checkWakers(facts: WaitFacts): void {
  for (const t of facts.threads) checkWakersOf(facts, t, t.on, t.wakers);
}
