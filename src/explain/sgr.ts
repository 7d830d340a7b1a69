// SGR (`ESC[…m`): the pen a terminal writes with, and the inline style one pen becomes.
//
// Written here rather than taken from Shiki's `ansi` language (ansi-sequence-parser): that
// parser reads from `ESC[` to the next `m` anywhere in the line, so `ESC[2K` followed by
// "Downloading model" eats the text up to "m"; it passes every other escape through raw; and it
// gives every token a colour, default ones included, which is what turns colour on every
// character into an 11 MB page. anser and ansi-to-html know SGR only (no `\r`, no cursor) and
// emit fixed colours, not the site's two themes. The palette still comes from the Shiki themes
// the site uses, so a transcript's colours are the ones the site showed before.
import { bundledThemes } from 'shiki/themes';

/** A colour: 0–255 in the xterm palette (0–15 come from the theme), or `#rrggbb`. */
export type Color = number | string;

export interface Pen {
  fg: Color | null;
  bg: Color | null;
  /** Bit set of BOLD, DIM, ITALIC, UNDERLINE, REVERSE, HIDDEN, STRIKE. */
  flags: number;
}

const BOLD = 1;
const DIM = 2;
const ITALIC = 4;
const UNDERLINE = 8;
const REVERSE = 16;
const HIDDEN = 32;
const STRIKE = 64;
const SET: Record<number, number> = {
  1: BOLD,
  2: DIM,
  3: ITALIC,
  4: UNDERLINE,
  7: REVERSE,
  8: HIDDEN,
  9: STRIKE,
  21: UNDERLINE,
};
const RESET: Record<number, number> = {
  22: BOLD | DIM,
  23: ITALIC,
  24: UNDERLINE,
  27: REVERSE,
  28: HIDDEN,
  29: STRIKE,
};

export const defaultPen = (): Pen => ({ fg: null, bg: null, flags: 0 });

/** `38;5;n`, `38;2;r;g;b` and the colon forms `38:5:n`, `38:2::r:g:b` (ITU T.416, colour space empty). */
function extendedColor(sub: number[]): { color: Color | null; used: number } {
  if (sub[0] === 5) return { color: sub[1] !== undefined && sub[1] <= 255 ? sub[1] : null, used: 2 };
  if (sub[0] === 2) {
    const rgb = sub.slice(1, 4);
    if (rgb.length < 3 || rgb.some((v) => Number.isNaN(v))) return { color: null, used: 4 };
    return { color: '#' + rgb.map((v) => Math.min(255, v).toString(16).padStart(2, '0')).join(''), used: 4 };
  }
  return { color: null, used: 1 };
}

/** Applies one SGR parameter string (what stands between `ESC[` and `m`) to the pen. */
export function applySgr(pen: Pen, params: string): void {
  const groups = params.split(';');
  for (let i = 0; i < groups.length; i++) {
    const parts = groups[i]!.split(':').map((p) => (p === '' ? NaN : Number(p)));
    const code = Number.isNaN(parts[0]!) ? 0 : parts[0]!;
    if (code === 38 || code === 48 || code === 58) {
      let color: Color | null;
      if (parts.length > 1) {
        // Colon form: everything is inside this group; `38:2:CS:r:g:b` carries a colour-space id.
        const sub = parts.slice(1);
        if (sub[0] === 2 && sub.length >= 5) sub.splice(1, 1);
        color = extendedColor(sub).color;
      } else {
        const rest = groups.slice(i + 1, i + 5).map(Number);
        const ext = extendedColor(rest);
        color = ext.color;
        i += ext.used;
      }
      if (code === 38) pen.fg = color;
      else if (code === 48) pen.bg = color; // 58 is the underline colour: parsed so its numbers are skipped, not shown
    } else if (code === 0) Object.assign(pen, defaultPen());
    else if (code === 4 && parts[1] === 0) pen.flags &= ~UNDERLINE;
    else if (SET[code]) pen.flags |= SET[code]!;
    else if (RESET[code]) pen.flags &= ~RESET[code]!;
    else if (code >= 30 && code <= 37) pen.fg = code - 30;
    else if (code === 39) pen.fg = null;
    else if (code >= 40 && code <= 47) pen.bg = code - 40;
    else if (code === 49) pen.bg = null;
    else if (code >= 90 && code <= 97) pen.fg = code - 90 + 8;
    else if (code >= 100 && code <= 107) pen.bg = code - 100 + 8;
    // Anything else (blink, fonts, overline, …) changes nothing on the page.
  }
}

/** The two themes' colours a pen needs: default fg and bg, the 16 ANSI colours. */
export interface Palette {
  fg: string;
  bg: string;
  ansi: string[];
}

const ANSI_NAMES = ['Black', 'Red', 'Green', 'Yellow', 'Blue', 'Magenta', 'Cyan', 'White'];

/** Light and dark palettes from the Shiki themes the site uses for code. */
export async function loadPalettes(themes: {
  light: string;
  dark: string;
}): Promise<{ light: Palette; dark: Palette }> {
  const load = async (name: string): Promise<Palette> => {
    const theme = (await bundledThemes[name as keyof typeof bundledThemes]()).default as {
      colors?: Record<string, string>;
    };
    const colors = theme.colors ?? {};
    const ansi = [...ANSI_NAMES, ...ANSI_NAMES.map((n) => `Bright${n}`)].map(
      (n) => colors[`terminal.ansi${n}`] ?? '#808080',
    );
    return {
      fg: colors['terminal.foreground'] ?? colors['editor.foreground']!,
      bg: colors['editor.background']!,
      ansi,
    };
  };
  return { light: await load(themes.light), dark: await load(themes.dark) };
}

/** xterm's 256-colour table past the 16 theme colours: a 6×6×6 cube, then 24 greys. */
function tableColor(index: number): string {
  const hex = (v: number) => v.toString(16).padStart(2, '0');
  if (index >= 232) return '#' + hex(8 + (index - 232) * 10).repeat(3);
  const levels = [0, 95, 135, 175, 215, 255];
  const i = index - 16;
  return '#' + [Math.floor(i / 36), Math.floor(i / 6) % 6, i % 6].map((v) => hex(levels[v]!)).join('');
}

function resolve(color: Color, palette: Palette): string {
  if (typeof color === 'string') return color;
  return color < 16 ? palette.ansi[color]! : tableColor(color);
}

/** What one pen looks like: the class (`bg` when it paints a background) and the inline style. */
export interface PenStyle {
  className: string;
  style: string;
}

/**
 * A pen as CSS custom properties, the way Shiki writes them (`--shiki-light`/`--shiki-dark`, read
 * by the site's `.shiki span` rule), so one page works in both themes. A pen that looks like the
 * default (no colour, no emphasis) has an empty style: its text needs no span.
 */
export function penStyle(pen: Pen, palettes: { light: Palette; dark: Palette }): PenStyle {
  const css: string[] = [];
  let className = '';
  const side = (palette: Palette) => {
    let fg = pen.fg === null ? null : resolve(pen.fg, palette);
    let bg = pen.bg === null ? null : resolve(pen.bg, palette);
    if (pen.flags & REVERSE) [fg, bg] = [bg ?? palette.bg, fg ?? palette.fg];
    if (pen.flags & DIM) fg = (fg ?? palette.fg).slice(0, 7) + '80';
    if (pen.flags & HIDDEN) fg = 'transparent';
    return { fg, bg };
  };
  const light = side(palettes.light);
  const dark = side(palettes.dark);
  if (light.fg !== null) css.push(`--shiki-light:${light.fg}`, `--shiki-dark:${dark.fg}`);
  if (light.bg !== null) {
    css.push(`--shiki-light-bg:${light.bg}`, `--shiki-dark-bg:${dark.bg}`);
    className = 'bg';
  }
  if (pen.flags & BOLD) css.push('font-weight:bold');
  if (pen.flags & ITALIC) css.push('font-style:italic');
  const lines = [pen.flags & UNDERLINE ? 'underline' : '', pen.flags & STRIKE ? 'line-through' : ''].filter(Boolean);
  if (lines.length) css.push(`text-decoration:${lines.join(' ')}`);
  return { className, style: css.join(';') };
}
