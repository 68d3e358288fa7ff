/**
 * The one place where positions change encoding. The core works in UTF-16 code units (what
 * web-tree-sitter reports over JavaScript strings, and LSP's default); the command line prints
 * Unicode code points, as other linters do, and LSP clients may negotiate UTF-8 or UTF-32.
 */
import type { Position, Range } from './types';

export type PositionEncoding = 'utf-16' | 'utf-8' | 'utf-32';

/** Converts a UTF-16 column on `lineText` to the given encoding. */
export function convertColumn(lineText: string, utf16Column: number, encoding: PositionEncoding): number {
  if (encoding === 'utf-16') return utf16Column;
  const prefix = lineText.slice(0, utf16Column);
  if (encoding === 'utf-32') {
    let n = 0;
    for (const _ of prefix) n++;
    return n;
  }
  return utf8Length(prefix);
}

/** Converts a column in the given encoding on `lineText` back to UTF-16. */
export function toUtf16Column(lineText: string, column: number, encoding: PositionEncoding): number {
  if (encoding === 'utf-16') return column;
  let units = 0;
  let counted = 0;
  for (const ch of lineText) {
    if (counted >= column) break;
    counted += encoding === 'utf-32' ? 1 : utf8Length(ch);
    units += ch.length;
  }
  return units;
}

export function convertRange(lines: LineIndex, range: Range, encoding: PositionEncoding): Range {
  if (encoding === 'utf-16') return range;
  return { start: convertPosition(lines, range.start, encoding), end: convertPosition(lines, range.end, encoding) };
}

function convertPosition(lines: LineIndex, p: Position, encoding: PositionEncoding): Position {
  return { line: p.line, character: convertColumn(lines.line(p.line), p.character, encoding) };
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Line access by number, computed lazily once per text. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  line(n: number): string {
    const starts = this.lineStarts();
    if (n < 0 || n >= starts.length) return '';
    const end = n + 1 < starts.length ? starts[n + 1] : this.text.length;
    return this.text.slice(starts[n], end).replace(/\r?\n$|\r$/, '');
  }

  get lineCount(): number {
    return this.lineStarts().length;
  }

  offsetAt(p: Position): number {
    const starts = this.lineStarts();
    if (p.line >= starts.length) return this.text.length;
    return Math.min(starts[p.line] + p.character, this.text.length);
  }

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      const t = this.text;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (t.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
      this.starts = starts;
    }
    return this.starts;
  }
}
