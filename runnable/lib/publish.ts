// publish(): hand a value to the page that shows this snippet.
// Under hangtime the engine names a file in HANGTIME_PUBLISH and every call appends
// one JSON line to it (O_APPEND, so a child process may publish too). Run by hand,
// the variable is absent and this does nothing: the script prints nothing extra.
import { appendFileSync } from 'node:fs';

export interface PublishOptions {
  /**
   * How verify compares the value with its frozen copy: 'exact', 'range' (within min/max), 'shape'
   * (types and keys only) or 'order' (for an object or array of numbers: which is larger). @default 'exact'
   */
  compare?: 'exact' | 'range' | 'shape' | 'order';
  /** Bounds for compare: 'range'. */
  min?: number;
  max?: number;
  /** A short unit or label ("bytes", "×"). */
  unit?: string;
  /**
   * A measurement that means something only on a quiet machine: when the machine was busy, the
   * page shows a note in its place and verify does not compare it. @default false
   */
  quiet?: boolean;
}

export function publish(name: string, value: unknown, options: PublishOptions = {}): void {
  const file = process.env.HANGTIME_PUBLISH;
  if (!file) return;
  appendFileSync(file, JSON.stringify({ name, value, ...options }) + '\n');
}
