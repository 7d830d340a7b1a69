// The lines of the installed Python's multiprocessing that a child runs on its way to the hang,
// as exit-code-path.py found them (step, what happens, file relative to the stdlib, line,
// function, code): read, given anchors, and matched with the frames of an autopsy's stacks.
import { asTable, column, isCount, isText } from './published-table.ts';

export interface Step {
  n: number;
  what: string;
  /** Where this Python has it, or null when exit-code-path.py did not find it (said, not guessed). */
  at: { file: string; line: number; func: string; code: string } | null;
}

const orNull =
  <T>(is: (cell: unknown) => cell is T) =>
  (cell: unknown): cell is T | null =>
    cell === null || is(cell);

export function readSteps(value: unknown, name: string): Step[] {
  const table = asTable(value, name);
  const steps = column(table, name, 'step', isCount, 'a whole number');
  const what = column(table, name, 'what happens', isText, 'text');
  const files = column(table, name, 'file', orNull(isText), 'text or null');
  const lines = column(table, name, 'line', orNull(isCount), 'a whole number or null');
  const funcs = column(table, name, 'function', orNull(isText), 'text or null');
  const code = column(table, name, 'code', orNull(isText), 'text or null');
  return steps.map((n, i) => {
    const [file, line, func, text] = [files[i], lines[i], funcs[i], code[i]];
    const at =
      file !== null && line !== null && func !== null && text !== null ? { file, line, func, code: text } : null;
    return { n, what: what[i], at };
  });
}

/** The id of a step's row on the page: one table's steps never collide with another's. */
export const stepAnchor = (table: string, step: Step) => `source-${table.replace(/[^\w-]/g, '-')}-${step.n}`;

export interface StackFrame {
  file: string;
  line: number;
  func: string;
}

/**
 * The step a stack frame is in: the same file of the standard library (a frame names it by its
 * whole path, or normalized as <python>/…) and the same function (a step by its qualified name).
 */
export function stepOfFrame(steps: Step[], frame: StackFrame): Step | undefined {
  return steps.find(
    (s) =>
      s.at !== null &&
      (frame.file === s.at.file || frame.file.endsWith(`/${s.at.file}`)) &&
      frame.func === s.at.func.slice(s.at.func.lastIndexOf('.') + 1),
  );
}
