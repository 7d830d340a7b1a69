// Reading a stream the way a terminal does (ECMA-48 / xterm): printable text goes to the screen,
// control characters and escape sequences either act on it or are dropped. Nothing raw survives.
//
// Interpreted: `\r`, `\n` (and VT, FF, which a terminal treats as `\n`), `\b`, TAB (kept as a tab);
// CSI `m` (colours), `A` `B` `C` `D` `E` `F` `G` `` ` `` (relative moves, column), `K` (erase in line),
// `J` mode 0 (erase below), `P` `X` (delete, blank characters), `s` `u`, `ESC 7` `ESC 8` (save,
// restore), `ESC M` (up a line), `ESC E` (next line).
// Dropped: every other CSI (absolute positions `H` `f` `d` and clearing the screen `J` 1–3 depend on
// a viewport a transcript does not have; private modes such as `ESC[?25l` change nothing visible),
// other two- and three-character escapes (`ESC ( B`, `ESC =`), and strings — OSC (`ESC ]`, ended by
// BEL or ST: titles, hyperlinks — an OSC 8 link's text is outside the sequence, so it stays), DCS,
// SOS, PM, APC. Shown as symbols: other C0 controls (NUL → ␀, BEL → ␇, ESC → ␛, DEL → ␡) and C1
// controls, which have no symbols of their own: U+009B becomes ␛[, its 7-bit spelling.
// Removed silently: bidirectional formatting characters (U+202A–202E, U+2066–2069, U+200E, U+200F,
// U+061C), which a terminal does not apply but a browser would, reordering what the reader sees.
//
// Each stream keeps its own parser state (a write is atomic on the way to a terminal, but stdout
// and stderr are read apart, so one stream's sequence may be split by the other's chunk); the
// screen, its cursor and its pen are shared, as on one terminal.
import type { Screen } from './screen.ts';

// Parser states (numbers, not an enum: the project allows only erasable TypeScript).
const GROUND = 0;
const ESCAPE = 1;
const ESCAPE_INTERMEDIATE = 2;
const CSI = 3;
const STRING = 4;
const STRING_ESCAPE = 5;

/** Longest CSI parameter string read; a longer one is dropped whole (its final byte still ends it). */
const MAX_PARAMS = 256;
const BIDI = /^[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]$/;
const MARK = /^\p{M}$/u;

/** What was swallowed by a string sequence (OSC, DCS, …) that never ended. */
export interface Unterminated {
  kind: string;
  chars: number;
}

export class StreamParser {
  private state = GROUND;
  private params = '';
  private intermediates = '';
  private stringKind = '';
  private stringChars = 0;

  private readonly screen: Screen;

  constructor(screen: Screen) {
    this.screen = screen;
  }

  feed(text: string): void {
    for (const char of text) this.step(char);
  }

  /** At the end of the transcript: a string sequence still open hid the rest of the stream. */
  finish(): Unterminated | null {
    const open = this.state === STRING || this.state === STRING_ESCAPE;
    this.state = GROUND;
    return open ? { kind: this.stringKind, chars: this.stringChars } : null;
  }

  private step(char: string): void {
    const code = char.codePointAt(0)!;
    switch (this.state) {
      case GROUND:
        return this.ground(char, code);
      case ESCAPE:
        return this.escape(char, code);
      case ESCAPE_INTERMEDIATE:
        if (code >= 0x20 && code <= 0x2f) return;
        this.state = GROUND;
        if (code >= 0x30 && code <= 0x7e) return; // `ESC ( B` and the like: character sets, dropped
        return this.ground(char, code);
      case CSI:
        return this.csi(char, code);
      case STRING:
        if (code === 0x07 || code === 0x9c) this.state = GROUND;
        else if (code === 0x18 || code === 0x1a)
          this.state = GROUND; // CAN, SUB abort it
        else if (code === 0x1b) this.state = STRING_ESCAPE;
        else this.stringChars++;
        return;
      case STRING_ESCAPE:
        // ST is `ESC \`; any other escape ends the string and starts a sequence of its own.
        this.state = GROUND;
        if (char !== '\\') this.escape(char, code);
        return;
    }
  }

  private ground(char: string, code: number): void {
    const screen = this.screen;
    if (code >= 0x20 && code < 0x7f) return screen.print(char);
    if (code === 0x1b) {
      this.state = ESCAPE;
      return;
    }
    if (code === 0x0a || code === 0x0b || code === 0x0c) return screen.lineFeed();
    if (code === 0x0d) return screen.carriageReturn();
    if (code === 0x08) return screen.moveLeft(1);
    if (code === 0x09) return screen.print('\t');
    if (code < 0x20) return screen.print(String.fromCharCode(0x2400 + code), true);
    if (code === 0x7f) return screen.print('\u2421', true);
    if (code <= 0x9f) return screen.print('\u241b' + String.fromCharCode(code - 0x40), true);
    if (code >= 0xd800 && code <= 0xdfff) return screen.print('\ufffd'); // a lone surrogate
    if (code >= 0x300 && MARK.test(char)) return screen.combine(char);
    if (BIDI.test(char)) return;
    screen.print(char);
  }

  private escape(char: string, code: number): void {
    const screen = this.screen;
    this.state = GROUND;
    if (char === '[') {
      this.state = CSI;
      this.params = this.intermediates = '';
    } else if (']PX^_'.includes(char)) {
      this.state = STRING;
      this.stringKind = { ']': 'OSC', P: 'DCS', X: 'SOS', '^': 'PM', _: 'APC' }[char]!;
      this.stringChars = 0;
    } else if (char === '7') screen.saveCursor();
    else if (char === '8') screen.restoreCursor();
    else if (char === 'M') screen.moveRows(-1);
    else if (char === 'E') screen.lineFeed();
    else if (code >= 0x20 && code <= 0x2f) this.state = ESCAPE_INTERMEDIATE;
    else if (code >= 0x30 && code <= 0x7e)
      return; // other escapes (`ESC =`, `ESC c`, …): dropped
    else {
      // ESC followed by no sequence at all: show it, then read what follows as usual.
      screen.print('\u241b', true);
      this.step(char);
    }
  }

  private csi(char: string, code: number): void {
    if (code >= 0x30 && code <= 0x3f) {
      if (this.params.length <= MAX_PARAMS) this.params += char;
    } else if (code >= 0x20 && code <= 0x2f) this.intermediates += char;
    else if (code >= 0x40 && code <= 0x7e) {
      this.state = GROUND;
      this.dispatch(char);
    } else {
      // A control or non-ASCII character inside a CSI ends it, dropped; the character is read as usual.
      this.state = GROUND;
      this.step(char);
    }
  }

  private dispatch(final: string): void {
    const { screen, params } = this;
    if (this.intermediates || params.length > MAX_PARAMS || /^[<=>?]/.test(params)) return; // private or unknown
    if (final === 'm') return screen.sgr(params);
    const first = Number.parseInt(params.split(/[;:]/)[0]!, 10);
    const n = Number.isNaN(first) || first === 0 ? 1 : Math.min(first, 1 << 20);
    const mode = Number.isNaN(first) ? 0 : first;
    switch (final) {
      case 'A':
        return screen.moveRows(-n);
      case 'B':
        return screen.moveRows(n);
      case 'C':
        return screen.moveRight(n);
      case 'D':
        return screen.moveLeft(n);
      case 'E':
        screen.moveRows(n);
        return screen.moveToColumn(0);
      case 'F':
        screen.moveRows(-n);
        return screen.moveToColumn(0);
      case 'G':
      case '`':
        return screen.moveToColumn(n - 1);
      case 'K':
        return screen.eraseInLine(mode);
      case 'J':
        if (mode === 0) screen.eraseBelow();
        return;
      case 'P':
        return screen.deleteChars(n, false);
      case 'X':
        return screen.deleteChars(n, true);
      case 's':
        return screen.saveCursor();
      case 'u':
        return screen.restoreCursor();
    }
  }
}
