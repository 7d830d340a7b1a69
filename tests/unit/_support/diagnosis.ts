// Runs fixtures through the engine until their autopsy is taken, and checks the property every
// diagnosis must hold over the facts it explains: a link of the facts is never denied, and every
// process a sentence names exists in the facts with that role.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runSnippet, type RunResult } from '../../../src/runner/index.ts';
import type { TakenAutopsy } from '../../../src/runner/schema.ts';
import { normalizeAutopsy } from '../../../src/frozen/normalize/autopsy.ts';
import { diagnose } from '../../../src/explain/diagnose.ts';
import { links } from '../../../src/explain/graph.ts';
import { channelLabel, roleOf } from '../../../src/explain/labels.ts';
import { alive } from './autopsy.ts';

export const fixture = (path: string) => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));

/** A fixture run through the engine until it is stopped (hung, or out of time), with its autopsy raw and normalized. */
export async function autopsyOf(
  path: string,
  args: string[] = [],
  timeoutMs = 10_000,
): Promise<{ raw: TakenAutopsy; norm: TakenAutopsy; result: RunResult }> {
  const file = fixture(path);
  const result = await runSnippet(file, { expect: { kind: 'hang' }, args, timeoutMs });
  assert.deepEqual(alive(file), [], `${path}: processes left behind`);
  const raw = result.autopsy;
  assert.ok(raw?.status === 'taken', `${path}: no autopsy (${JSON.stringify(result.outcome)}): ${JSON.stringify(raw)}`);
  return { raw, norm: normalizeAutopsy(raw) as TakenAutopsy, result };
}

const ROLE = /\b(?:the (?:parent|program|child|grandchild)|(?:child|grandchild|orphan|process) P?\d+)\b/gi;

/** The property, over the diagnosis of `a` (or a given text); throws with the sentence and the facts it contradicts. */
export function checkDiagnosis(a: TakenAutopsy, text = diagnose(a)): string {
  const linked = links(a);
  if (linked.length)
    assert.ok(
      !/No pipe or socket links/.test(text),
      `the facts link ${linked.map((l) => `${roleOf(a, l.from)} → ${roleOf(a, l.to)} (${l.inode})`).join(', ')}, ` +
        `the sentence denies it: ${text}`,
    );
  const roles = new Map(a.processes.map((p) => [roleOf(a, p.pid).toLowerCase(), p.pid]));
  const spawned = new Set(
    a.processes.flatMap((p) => p.spawned ?? []).map((c) => `child ${a.normalized ? 'p' : ''}${c.pid}`),
  );
  for (const m of text.matchAll(ROLE)) {
    const named = m[0].toLowerCase();
    assert.ok(
      roles.has(named) || spawned.has(named),
      `"${m[0]}" names no process of the facts with that role: ${text}`,
    );
  }
  // Whoever a sentence says holds an end of a pipe or socket holds it in the facts.
  const holders = new Set(linked.map((l) => l.to));
  for (const p of a.processes)
    for (const t of p.threads)
      for (const x of t.wait?.wakers.inside ?? []) if (x.role.role === 'holds') holders.add(x.pid);
  for (const s of text.split(/(?<=\.) (?=[A-Z])/))
    if (/^Its (?:read|write|other) end.* is open in /.test(s))
      for (const m of s.matchAll(/(?:is open in|, and in) (the \w+|\w+ P?\d+)/g)) {
        const pid = roles.get(m[1]!.toLowerCase());
        assert.ok(pid !== undefined && holders.has(pid), `"${m[1]}" holds no end in the facts: ${s}`);
      }
  // A listening socket (read by accept) or an unconnected datagram socket has no other end: no
  // sentence says it is read as a stream, nor where its other end is.
  const endless = a.channels.filter((c) => {
    const so = c.socket;
    return so && (so.state === 'LISTEN' || so.state === 'listening' || (so.proto === 'udp' && !so.remote));
  });
  const sentences = text.split(/(?<=\.) (?=[A-Z])/);
  for (const c of endless) {
    const label = channelLabel(a, c.inode);
    assert.ok(!text.includes(`reading from ${label}`), `${label} is not read as a stream: ${text}`);
    sentences.forEach((s, i) => {
      const next = sentences[i + 1] ?? '';
      assert.ok(
        !(s.includes(`${label},`) || s.endsWith(`${label}.`)) || !/^Its other end/.test(next),
        `${label} has no other end: ${text}`,
      );
    });
  }
  return text;
}
