// Where and when a page's runs ran, said once for the page: the machine, the runtimes, the day,
// and whether this build ran them or replayed recorded runs. A run shows in its own box only what
// differs from the page's; the rest (its exact time, the machine's load) is behind its details.
import type { StoredRun } from '../integration/store.ts';
import type { RunResult } from '../runner/schema.ts';

type Key = 'machine' | 'node' | 'python';

/** The facts a reader may care about, each as words: "Linux 6.1.0 (x64, 2 cores)", "Node v24.21.0"… */
export function factsOf(result: RunResult): Partial<Record<Key, string>> {
  const { host } = result;
  const os = host.os === 'linux' ? 'Linux' : host.os;
  const facts: Partial<Record<Key, string>> = {
    machine: `${os} ${host.kernel} (${host.arch}, ${host.cpus} core${host.cpus === 1 ? '' : 's'})`,
  };
  if (result.snippet.language === 'ts' || result.snippet.language === 'js') facts.node = `Node ${host.node}`;
  if (result.snippet.language === 'py' && host.python)
    facts.python = `Python ${host.python.version} (start method ${host.python.startMethod})`;
  return facts;
}

/** The most frequent value of each fact among the page's runs: the page's own. */
function pageFacts(runs: RunResult[]): Partial<Record<Key, string>> {
  const out: Partial<Record<Key, string>> = {};
  for (const key of ['machine', 'node', 'python'] as const) {
    const counts = new Map<string, number>();
    for (const r of runs) {
      const v = factsOf(r)[key];
      if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const top = [...counts].sort((a, b) => b[1] - a[1])[0];
    if (top) out[key] = top[0];
  }
  return out;
}

const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** How a run reached the page, in a reader's words. */
export function sourceWords(run: Pick<StoredRun, 'source' | 'reason'>): string {
  if (run.source === 'run') return 'ran while this page was built';
  if (run.source === 'cache') return 'ran for an earlier build of the same code, and was kept';
  return `a recorded run, replayed by this build${run.reason ? ` (${run.reason})` : ''}`;
}

/** The page's note: one sentence on where and when, one on how the runs reached the page. */
export function pageProvenance(runs: Pick<StoredRun, 'source' | 'reason' | 'result'>[]): string | null {
  if (runs.length === 0) return null;
  const facts = pageFacts(runs.map((r) => r.result));
  const days = [
    ...new Set(
      runs
        .map((r) => r.result.startedAt)
        .sort()
        .map(day),
    ),
  ];
  const when = days.length === 1 ? `on ${days[0]}` : `between ${days[0]} and ${days.at(-1)}`;
  const with_ = [facts.node, facts.python].filter(Boolean).join(' and ');
  const where = `The runs on this page happened ${when} on ${facts.machine}${with_ ? `, with ${with_}` : ''}.`;
  const sources = new Set(runs.map((r) => r.source));
  const how =
    sources.size > 1
      ? 'Some ran while this page was built, others are recorded runs this build replayed: ' +
        'each run says which in its details.'
      : sources.has('run')
        ? 'Each ran while this page was built.'
        : sources.has('cache')
          ? 'Each ran for an earlier build of the same code and was kept.'
          : 'They are recorded runs, replayed by this build without running them again.';
  return `${where} ${how}`;
}

/** What a run's facts say that the page's do not: "Python 3.12.1 (start method spawn)". */
export function differences(result: RunResult, runs: RunResult[]): string[] {
  const page = pageFacts(runs);
  const own = factsOf(result);
  return (['machine', 'node', 'python'] as const).filter((k) => own[k] && own[k] !== page[k]).map((k) => own[k]!);
}
