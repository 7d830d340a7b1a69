// Shared by the containment tests: every process a test makes is tracked by identity, and each
// test file ends by proving that none of them is alive.
import { existsSync, readFileSync } from 'node:fs';
import { identify, isAlive, type ProcessId } from '../../../../src/shared/process.ts';

export const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
export const fixture = (name: string) => new URL(`../../../fixtures/contain/${name}`, import.meta.url).pathname;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const isRoot = process.getuid?.() === 0;

const tracked: ProcessId[] = [];

/** Remembers a process (by pid and start time) so that survivors() can check it. */
export function track(pid: number | undefined): ProcessId | null {
  const id = pid ? identify(pid) : null;
  if (id) tracked.push(id);
  return id;
}

/**
 * The tracked processes still alive (same pid, same start time, not a zombie) once those that were
 * just sent SIGKILL have had up to `settleMs` to die (a dying process is not gone at once).
 */
export async function survivors(settleMs = 1000): Promise<number[]> {
  return waitGone(tracked, settleMs);
}

/** Kills what a failed test left (by identity), so that one failure does not leak processes. */
export function killSurvivors(): void {
  for (const id of tracked.filter(isAlive))
    try {
      process.kill(id.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
}

export async function waitGone(ids: ProcessId[], ms = 3000): Promise<number[]> {
  const deadline = Date.now() + ms;
  let left = ids.filter(isAlive);
  while (left.length && Date.now() < deadline) {
    await sleep(10);
    left = left.filter(isAlive);
  }
  return left.map((p) => p.pid);
}

/** The parent chain of a pid, nearest first. */
export function ancestors(pid: number): number[] {
  const out: number[] = [];
  for (let p = pid; p > 1 && out.length < 64;) {
    try {
      const s = readFileSync(`/proc/${p}/stat`, 'latin1');
      p = Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]);
      out.push(p);
    } catch {
      break;
    }
  }
  return out;
}
