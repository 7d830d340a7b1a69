// One screen line as HTML: text escaped, control symbols marked, colours as merged spans, and
// the measurements the page budget needs (what the line costs plain, where it can be cut).
import { penStyle, type Palette, type Pen } from './sgr.ts';
import type { ScreenLine } from './screen.ts';

/** The most a cut marker costs: `<span class="cut">… 1,234,567 more characters not kept on the page</span>`. */
export const CUT_MARKER_BYTES = 96;
const CONTROL_OPEN = '<span class="ctl">';
const CLOSE = '</span>';

function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 2 : c >= 0xdc00 && c <= 0xdfff ? 2 : 3;
  }
  return bytes;
}

function escapeCell(char: string): string {
  return char === '&' ? '&amp;' : char === '<' ? '&lt;' : char;
}

const count = (n: number) => n.toLocaleString('en-US');

export class Painter {
  /** Per pen id: the id of the style it looks like (pens that look alike share one, so their spans merge). */
  private styleOf: number[];
  /** Per style id: the opening tag, without and with the control-symbol class. */
  private opens: Array<[string, string]> = [['', CONTROL_OPEN]];

  constructor(pens: Pen[], palettes: { light: Palette; dark: Palette }) {
    const ids = new Map<string, number>([['|', 0]]);
    this.styleOf = pens.map((pen) => {
      const { className, style } = penStyle(pen, palettes);
      const key = `${className}|${style}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = this.opens.length;
        ids.set(key, id);
        const open = (cls: string) => `<span${cls ? ` class="${cls}"` : ''}${style ? ` style="${style}"` : ''}>`;
        this.opens.push([open(className), open(['ctl', className].filter(Boolean).join(' '))]);
      }
      return id;
    });
  }

  /**
   * Plain bytes of the line's first j cells, for every j (text escaped, control spans included):
   * where to cut a line so that its plain HTML fits a size.
   */
  plainPrefix(line: ScreenLine): number[] {
    const chars = line.chars ?? [];
    const codes = line.codes ?? [];
    const prefix = [0];
    let total = 0;
    for (let i = 0; i < chars.length; i++) {
      const isControl = codes[i]! & 1;
      if (isControl && !(i > 0 && codes[i - 1]! & 1)) total += CONTROL_OPEN.length + CLOSE.length;
      total += utf8Bytes(escapeCell(chars[i]!));
      prefix.push(total);
    }
    return prefix;
  }

  /** Whether any of the line's first `cutAt` cells is painted with a pen that shows. */
  hasColour(line: ScreenLine, cutAt: number): boolean {
    const codes = line.codes ?? [];
    for (let i = 0; i < cutAt; i++) if (this.styleOf[codes[i]! >> 1] !== 0) return true;
    return false;
  }

  /** The line's cells before `cutAt` as HTML, in colour for the cells before `colourUpTo`. */
  paint(line: ScreenLine, cutAt: number, colourUpTo: number): string {
    const chars = line.chars ?? [];
    const codes = line.codes ?? [];
    const key = (i: number) =>
      i < colourUpTo ? (this.styleOf[codes[i]! >> 1]! << 1) | (codes[i]! & 1) : codes[i]! & 1;
    let html = '';
    for (let i = 0; i < cutAt;) {
      const k = key(i);
      let text = '';
      let j = i;
      for (; j < cutAt && key(j) === k; j++) text += escapeCell(chars[j]!);
      const open = this.opens[k >> 1]![k & 1];
      html += open ? open + text + CLOSE : text;
      i = j;
    }
    if (cutAt < chars.length)
      html += `<span class="cut">… ${count(chars.length - cutAt)} more characters not kept on the page</span>`;
    return html;
  }
}

/** The element a line is wrapped in: its stream, and whether (and how often) it was redrawn. */
export function lineTags(line: ScreenLine): [string, string] {
  const classes = ['line'];
  if (line.stream === 'stderr' || line.stream === 'engine') classes.push(line.stream);
  let title = '';
  if (line.redraws > 0) {
    classes.push('redrawn');
    const times = line.redraws === 1 ? 'once' : `${count(line.redraws)} times`;
    title = ` title="redrawn ${times}; the final state is shown"`;
  }
  return [`<span class="${classes.join(' ')}"${title}>`, CLOSE];
}

export { count };
