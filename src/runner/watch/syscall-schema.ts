// The zod schema of a stored syscall (syscalls.ts's Syscall), apart from the decoding so that the
// watcher loads no zod: records, pages and verify check it, the engine only makes it.
import { z } from 'zod';
import type { Syscall as SyscallFacts } from './syscalls.ts';

/** The syscall a blocked thread is in, as stored in a RunResult (timeline and autopsy). */
export const Syscall = z.object({
  name: z.string(),
  nr: z.number().int(),
  timed: z.boolean(),
  fd: z.number().int().nullable(),
  bytes: z.number().int().nullable(),
  waitPid: z.number().int().nullable(),
  timeoutMs: z.number().int().nullable(),
}) satisfies z.ZodType<SyscallFacts>;
export type Syscall = SyscallFacts;
