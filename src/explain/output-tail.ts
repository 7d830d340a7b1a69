// The few lines of a run's output a failure message shows. Its last lines, usually; but when the
// program died of an error whose stack ran on after it (Node prints the error line, then the frames
// of its own loader), the last lines are frames alone: then the lines from the error's source
// context through the error line and the first frames are kept, and the rest is counted.

/** A line that names an error: `SyntaxError: …`, `Error [ERR_X]: …`, `ValueError: …`, `Traceback …`. */
const ERROR_LINE =
  /^(?:Uncaught )?(?:[\w.]*(?:Error|Exception)\b(?: \[[\w]+\])?(?::|$)|Traceback \(most recent call last\):)/;

export interface OutputSummary {
  /** What the lines are: 'last lines of output' or 'the error in the output'. */
  title: string;
  lines: string[];
}

/** At most `max` lines of `text` (blank lines dropped): the tail, or the last error's head when the tail lacks it. */
export function outputSummary(text: string, max = 10): OutputSummary {
  const all = text.split('\n').filter((l) => l.trim() !== '');
  const tail = { title: 'last lines of output', lines: all.slice(-max) };
  const lines = all;
  if (lines.length <= max) return tail;
  let at = -1;
  for (let i = lines.length - 1; i >= 0 && at < 0; i--) if (ERROR_LINE.test(lines[i]!)) at = i;
  // No error line, or the tail already shows it: the tail says what a reader needs.
  if (at < 0 || at >= lines.length - max) return tail;
  // A Python traceback's last line is its error and the tail has it; this is an error printed first.
  // Up to 3 lines before it: where it is (file:line, the source line, the caret).
  const from = Math.max(0, at - 3);
  const shown = lines.slice(from, from + max - 1);
  const left = lines.length - from - shown.length;
  return { title: 'the error in the output', lines: [...shown, `… ${left} more line${left === 1 ? '' : 's'}`] };
}
