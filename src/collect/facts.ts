// The facts of a run that decide a <Predict>: what the chapter claims its revealed run shows, so
// that the choice it calls right is checked against that run (src/results/predict.ts), never
// taken on trust. One fact a string, in a small fixed language:
//
//   hangs                          the engine proved the run hung
//   exits · exits 3                it exited by itself, with code 0 (or the code given)
//   prints worker ended            a line of its output (stdout or stderr) contains the text
//   never prints worker joined     no line of its output contains it
//   frame_str = 65536              a value it published, compared (= != < <= > >=) with a number,
//   busy_threads < busy_processes    true/false, or a value of the chapter (any of its runs)
//   parent waits in wait4          its autopsy: the program's first process has a thread asleep in
//   child waits in write on fd 1     that system call (on that fd); `child`: a process it started
import { readPin } from './pin.ts';

/** How a fact compares a published value with what it names. */
export type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** What a fact compares a published value with. */
export type Operand = { number: number } | { bool: boolean } | { name: string };

export type Fact =
  | { kind: 'hangs'; text: string }
  | { kind: 'exits'; code: number; text: string }
  | { kind: 'prints'; printed: string; never: boolean; text: string }
  | { kind: 'value'; name: string; op: Comparison; than: Operand; text: string }
  | { kind: 'waits'; who: 'parent' | 'child'; call: string; fd?: number; text: string };

/** How each kind of fact is written, for hints. */
export const FACT_FORMS = [
  'hangs',
  'exits',
  'exits 1',
  'prints worker ended',
  'never prints worker joined',
  'frame_str = 65536',
  'busy_threads < busy_processes',
  'matches = true',
  'parent waits in wait4',
  'child waits in write on fd 1',
];

const NAME = /^[A-Za-z_][\w.-]*$/;
const VALUE_FACT = /^([A-Za-z_][\w.-]*)\s*(!=|<=|>=|=|<|>)\s*(.+)$/;
const WAITS = /^(parent|child) waits in ([a-z_][a-z0-9_]*)(?: on fd (\d+))?$/;

/** A fact as written; throws an Error saying what is wrong with it (the caller adds file:line). */
export function parseFact(written: string): Fact {
  const text = written.trim().replace(/\s+/g, ' ');
  if (text === 'hangs') return { kind: 'hangs', text };
  const exits = /^exits(?: (\d+))?$/.exec(text);
  if (exits) {
    const code = Number(exits[1] ?? 0);
    if (code > 255) throw new Error(`"${text}": an exit code is 0 to 255`);
    return { kind: 'exits', code, text };
  }
  const prints = /^(never )?prints(?: (.*))?$/.exec(text);
  if (prints) {
    if (!prints[2]) throw new Error(`"${text}" says no text: write the text after "prints"`);
    return { kind: 'prints', printed: prints[2], never: Boolean(prints[1]), text };
  }
  const waits = WAITS.exec(text);
  if (waits) {
    const [, who, call, fd] = waits;
    return { kind: 'waits', who: who as 'parent' | 'child', call: call!, ...(fd && { fd: Number(fd) }), text };
  }
  if (/^(parent|child) waits\b/.test(text))
    throw new Error(`"${text}": write "parent waits in SYSCALL" or "child waits in SYSCALL on fd N"`);
  const value = VALUE_FACT.exec(text);
  if (value) {
    const [, name, op, right] = value;
    return { kind: 'value', name: name!, op: op as Comparison, than: operand(right!.trim(), text), text };
  }
  throw new Error(`"${text}" is not a fact this check knows`);
}

function operand(right: string, text: string): Operand {
  if (right === 'true' || right === 'false') return { bool: right === 'true' };
  const pin = readPin(right);
  if (typeof pin === 'number') return { number: pin };
  if (NAME.test(right)) return { name: right };
  throw new Error(`"${text}": compare with a number, true, false or the name of a published value`);
}
