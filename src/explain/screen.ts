// The screen a transcript leaves behind: lines of cells, a cursor, a pen. Only what a terminal
// keeps is kept — a line redrawn with `\r` holds its final state and counts its redraws.
//
// The screen has no width and no height: a transcript does not know the reader's terminal, so
// lines never wrap, the cursor can go up to the first line, and operations that depend on the
// viewport (absolute positions, clearing the screen) are left to the caller to drop.
// One character (with any combining marks) is one cell: a wide character or a tab counts as one
// column here where a terminal counts two or up to eight; that shifts only a redraw that lands
// in the middle of such a line.
import { applySgr, defaultPen, type Pen } from './sgr.ts';

export type Stream = 'stdout' | 'stderr' | 'engine';

export interface ScreenLine {
  /** One string a cell (null while the line is empty). */
  chars: string[] | null;
  /** Per cell: pen id << 1, plus 1 when the cell is a control character shown as a symbol. */
  codes: number[] | null;
  /** The stream that first wrote on the line since it was last empty. */
  stream: Stream | null;
  /** When that first write happened (ms since the run started: the chunk's `t`), null while empty. */
  t: number | null;
  /** How many times the line's content was overwritten or erased after the cursor came back to it. */
  redraws: number;
  /** The cursor came back to this line (or moved left on it) since its last redraw was counted. */
  isReturned: boolean;
}

/**
 * Cursor moves clamp here (a terminal clamps at its right margin): `ESC[99999C` must not make a line
 * of 99,999 spaces.
 */
const MAX_COLUMN = 1024;
/** All the blanks cursor moves may create over the whole transcript; past it, text lands at the line's end. */
const MAX_PADDING = 1 << 20;
/**
 * Cells that erasing or deleting inside a line may touch over the whole transcript. Each costs as
 * much as the line is long, so 1 MiB of `ESC[1K` on a long line would take minutes; past this, such
 * edits are skipped (and `isOverworked` says so).
 */
const MAX_EDIT_WORK = 1 << 26;
/** Combining marks kept on one character (xterm keeps 2): more stack into unreadable towers. */
const MAX_MARKS = 8;

const newLine = (): ScreenLine => ({ chars: null, codes: null, stream: null, t: null, redraws: 0, isReturned: false });

export class Screen {
  readonly lines: ScreenLine[] = [newLine()];
  /** Distinct pens by id (`pens[0]` is the default pen). */
  readonly pens: Pen[] = [defaultPen()];
  row = 0;
  col = 0;
  stream: Stream = 'stdout';
  /** The time of the chunk being played (ms since the run started). */
  now = 0;
  private pen: Pen = defaultPen();
  private penId = 0;
  private penIds = new Map<string, number>([['null/null/0', 0]]);
  private saved = { row: 0, col: 0, pen: defaultPen() };
  private padding = 0;
  private editWork = 0;
  /** Some in-line edits were skipped (MAX_EDIT_WORK). */
  isOverworked = false;

  private get line(): ScreenLine {
    return this.lines[this.row]!;
  }

  private lengthOf(line: ScreenLine): number {
    return line.chars?.length ?? 0;
  }

  /** Whether an edit touching `cells` cells may still run. */
  private canEdit(cells: number): boolean {
    this.editWork += cells;
    if (this.editWork <= MAX_EDIT_WORK) return true;
    this.isOverworked = true;
    return false;
  }

  /** Counts a redraw when content is about to be destroyed on a line the cursor came back to. */
  private destroying(line: ScreenLine): void {
    if (line.isReturned) {
      line.redraws++;
      line.isReturned = false;
    }
  }

  /** Writes one cell at the cursor, overwriting what is there, and moves right. */
  print(char: string, isControl = false): void {
    const line = this.line;
    if (!line.chars) {
      line.chars = [];
      line.codes = [];
    }
    if (line.chars.length === 0) {
      line.stream = this.stream;
      line.t = this.now;
    }
    // The cursor may stand past the line's end (moved there, or the line was erased under it).
    if (this.col > line.chars.length) this.col = this.padTo(line, this.col);
    while (line.chars.length < this.col) {
      line.chars.push(' ');
      line.codes!.push(0);
    }
    const code = (this.penId << 1) | (isControl ? 1 : 0);
    if (this.col < line.chars.length) this.destroying(line);
    line.chars[this.col] = char;
    line.codes![this.col] = code;
    this.col++;
  }

  /** A combining mark joins the character left of the cursor, as in a terminal. */
  combine(mark: string): void {
    const chars = this.line.chars;
    if (!chars || this.col === 0 || this.col > chars.length) return this.print(mark);
    if ([...chars[this.col - 1]!].length <= MAX_MARKS) chars[this.col - 1] += mark;
  }

  /** `\n`: next line, first column (a terminal's tty turns `\n` into `\r\n`). */
  lineFeed(): void {
    this.row++;
    if (this.row === this.lines.length) this.lines.push(newLine());
    else this.line.isReturned = true; // back onto a line drawn before (after a cursor up)
    this.col = 0;
  }

  carriageReturn(): void {
    this.col = 0;
    this.line.isReturned = true;
  }

  moveLeft(n: number): void {
    this.col = Math.max(0, this.col - n);
    this.line.isReturned = true;
  }

  moveRight(n: number): void {
    this.moveToColumn(this.col + n);
  }

  /** Absolute column (0-based), clamped at the right margin. */
  moveToColumn(col: number): void {
    const target = Math.min(col, Math.max(MAX_COLUMN, this.lengthOf(this.line)));
    if (target < this.col) this.line.isReturned = true;
    this.col = target;
  }

  /** Where a character lands past a line's end: within the margin and the blanks left to spend. */
  private padTo(line: ScreenLine, col: number): number {
    const end = this.lengthOf(line);
    const target = Math.min(col, Math.max(MAX_COLUMN, end), end + Math.max(0, MAX_PADDING - this.padding));
    this.padding += target - end;
    return target;
  }

  /** Up (negative) or down; never above the first line nor below the last (no scrolling back). */
  moveRows(n: number): void {
    const row = Math.max(0, Math.min(this.lines.length - 1, this.row + n));
    if (row !== this.row) this.lines[row]!.isReturned = true;
    this.row = row;
  }

  /** `ESC[K`: 0 cursor to end, 1 start to cursor, 2 the whole line. */
  eraseInLine(mode: number): void {
    const line = this.line;
    const length = this.lengthOf(line);
    if (mode === 0 && this.col < length) {
      this.destroying(line);
      line.chars!.length = line.codes!.length = this.col;
    } else if (mode === 1 && length > 0 && this.canEdit(this.col)) {
      this.destroying(line);
      for (let i = 0; i <= Math.min(this.col, length - 1); i++) [line.chars![i], line.codes![i]] = [' ', 0];
    } else if (mode === 2 && length > 0) {
      this.destroying(line);
      line.chars!.length = line.codes!.length = 0;
    }
    if (this.lengthOf(line) === 0) {
      line.stream = null;
      line.t = null;
    }
  }

  /** `ESC[J` (mode 0): the rest of the line and every line below. */
  eraseBelow(): void {
    this.eraseInLine(0);
    this.lines.length = this.row + 1;
  }

  /** `ESC[P` deletes n cells (the rest shifts left); `ESC[X` blanks n cells. */
  deleteChars(n: number, isBlanking: boolean): void {
    const line = this.line;
    const length = this.lengthOf(line);
    const count = Math.min(n, length - this.col);
    if (count <= 0 || !this.canEdit(isBlanking ? count : length - this.col)) return;
    this.destroying(line);
    if (!isBlanking) {
      line.chars!.splice(this.col, count);
      line.codes!.splice(this.col, count);
    } else for (let i = this.col; i < this.col + count; i++) [line.chars![i], line.codes![i]] = [' ', 0];
  }

  /** `ESC 7` / `ESC[s` and `ESC 8` / `ESC[u`. */
  saveCursor(): void {
    this.saved = { row: this.row, col: this.col, pen: { ...this.pen } };
  }

  restoreCursor(): void {
    const { row, col, pen } = this.saved;
    this.moveRows(Math.min(row, this.lines.length - 1) - this.row);
    if (col < this.col) this.line.isReturned = true;
    this.col = col;
    this.setPen(pen);
  }

  sgr(params: string): void {
    const pen = { ...this.pen };
    applySgr(pen, params);
    this.setPen(pen);
  }

  setPen(pen: Pen): void {
    const key = `${pen.fg}/${pen.bg}/${pen.flags}`;
    let id = this.penIds.get(key);
    if (id === undefined) {
      id = this.pens.push({ ...pen }) - 1;
      this.penIds.set(key, id);
    }
    this.pen = { ...pen };
    this.penId = id;
  }

  /** Engine notes start on a line of their own below everything, in the default pen. */
  startEngineNote(): Pen {
    this.row = this.lines.length - 1;
    if (this.lengthOf(this.line) > 0) this.lineFeed();
    this.col = 0;
    const pen = this.pen;
    this.setPen(defaultPen());
    return pen;
  }
}
