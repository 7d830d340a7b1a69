// The shapes of a frozen document, as zod schemas: the compared front block and the recorded
// block. Built from the RunResult's parts wherever a frozen record holds the same fact, so a
// frozen file and a fresh run cannot disagree about what an outcome, an option or a value is.
import { z } from 'zod';
import { Autopsy, Host, Outcome, PublishedValue, RunOptions, RunResult } from '../runner/schema.ts';
import { compileRedaction, type Redaction } from './normalize/text.ts';

/** The outcome as verify compares it: the kill signal and the caps' details are timing, left out. */
export const FrozenOutcome = z.strictObject({
  ...Outcome.pick({ kind: true, code: true, signal: true, killedBy: true, leftBehind: true }).shape,
  /** Which caps were hit (output, processes, memory). */
  limits: z.array(Outcome.shape.limits.element.shape.kind),
});
export type FrozenOutcome = z.infer<typeof FrozenOutcome>;

/** A published value as frozen. Files written before a fix may say null for an absent bound or unit: dropped. */
export const FrozenValue = z.preprocess((value) => {
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([key, x]) => x !== null || !['min', 'max', 'unit'].includes(key));
  return Object.fromEntries(entries);
}, z.strictObject(PublishedValue.shape));
export type FrozenValue = z.infer<typeof FrozenValue>;

/** The options that differ from the engine's defaults: each one checked as the engine takes it, none filled in. */
export const FrozenOptions = z.record(z.string(), z.unknown()).superRefine((options, ctx) => {
  const checked = z.strictObject(RunOptions.shape).safeParse(options);
  for (const issue of checked.error?.issues ?? []) {
    if (issue.code !== 'unrecognized_keys') {
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, input: issue.input });
      continue;
    }
    const known = `the engine's options are: ${Object.keys(RunOptions.shape).join(', ')}`;
    for (const key of issue.keys) {
      ctx.addIssue({ code: 'custom', path: [key], message: `no such option (${known})`, input: options[key] });
    }
  }
});

/** A redaction of the run's text (yours to edit): its pattern must compile. */
export const FrozenRedaction = z
  .strictObject({ pattern: z.string(), label: z.string() })
  .superRefine((redaction, ctx) => {
    try {
      compileRedaction(redaction);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: (error as Error).message, input: redaction.pattern });
    }
  }) satisfies z.ZodType<Redaction>;

/** A YAML scalar that names something: written as a string, read back as one even if it looks like a number. */
const name = z.union([z.string(), z.number()]).transform(String);

/** The compared front block, as written by freeze.ts. */
export const FrozenFront = z.strictObject({
  /** The document format it was written in (FROZEN_FORMAT when current; the first files had none). */
  format: z.number().int().positive().default(1),
  /** The snippet, relative to runnable/. */
  snippet: name,
  /** sha256 of the snippet and of every repository file it imports. */
  files: z.record(z.string(), z.string()).default({}),
  /** The <Run>'s id, when it has one. */
  id: name.nullish().transform((id) => id ?? undefined),
  options: FrozenOptions.default({}),
  outcome: FrozenOutcome,
  values: z.array(FrozenValue).default([]),
  /**
   * The compared core of the autopsy (autopsy-core.ts): facts, with null where something was not
   * measured. Its shape is autopsy-core's and verify compares it as text: not checked here.
   */
  autopsy: z
    .unknown()
    .optional()
    .transform((autopsy): unknown => autopsy ?? null),
  redact: z.array(FrozenRedaction).default([]),
});
export type FrozenFront = z.output<typeof FrozenFront>;

/** What a frozen build needs to draw the page as it was; never compared. */
export const FrozenRecorded = z.object({
  /** The engine's SCHEMA_VERSION when the run was made (absent before format 3: 0). */
  schemaVersion: z.number().int().nonnegative().default(0),
  command: RunResult.shape.command,
  argv: RunResult.shape.argv,
  startedAt: RunResult.shape.startedAt,
  /** Null only in a document that recorded nothing. */
  host: Host.nullable(),
  method: Outcome.shape.method,
  timing: RunResult.shape.timing,
  hang: RunResult.shape.hang,
  totalBytes: RunResult.shape.transcript.shape.totalBytes,
  droppedBytes: RunResult.shape.transcript.shape.droppedBytes,
  timeline: RunResult.shape.timeline,
  /** The whole normalized autopsy (the front block compares its core). */
  autopsy: Autopsy.nullable(),
  /** The wait-for graph's last judgement (stuck, waiting, why a timeout was not proven hung). */
  proof: RunResult.shape.proof,
});
export type FrozenRecorded = z.infer<typeof FrozenRecorded>;

/** One problem of a block as a sentence: where in the block, what is wrong, what it got. */
export function describeIssue(issue: z.core.$ZodIssue, block: string): string {
  const where = issue.path.map(String).join('.');
  const at = where ? `${block}'s "${where}"` : block;
  if (issue.code === 'unrecognized_keys') {
    return `${at} has an unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${block} has no "${where}:"`;
  const text = JSON.stringify(issue.input);
  const got = text === undefined ? '' : `; got ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
  return `${at} is not valid (${issue.message}${got})`;
}
