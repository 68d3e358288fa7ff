/**
 * The command line's text formats: `text` shows each finding with its source line and the range underlined,
 * `concise` one line per finding. Columns printed are Unicode code points (as in JSON); the underline is
 * laid out in terminal cells, so tabs, wide characters and combining marks line up.
 */
import { LineIndex } from '../positions';
import { flatten, type FileResult } from './index';
import { RULES } from '../rules/index';

export interface TextOptions {
  color?: boolean;
  /** No closing "Found N problems." line. */
  quiet?: boolean;
}

/** One line per finding: `path:line:column: CODE message`. */
export function formatConcise(results: FileResult[], options: TextOptions = {}): string {
  const c = colors(options.color ?? false);
  const lines = flatten(results).map((f) => `${c.bold(f.file)}:${f.line}:${f.column}: ${c.sev(f.severity, f.code)} ${f.message}`);
  if (!options.quiet) lines.push(summary(lines.length));
  return lines.length ? lines.join('\n') + '\n' : '';
}

/**
 * Each finding with the lines it covers and a `^^^` under the range, in the manner of rustc and Ruff:
 *
 * ```
 * app.py:2:22: SSL101 ssl.PROTOCOL_TLSv1 selects TLS 1.0; ...
 *   |
 * 2 | ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
 *   |                      ^^^^^^^^^^^^^^^^^^ SSL101
 *   |
 *   = help: Use ssl.PROTOCOL_TLS_CLIENT
 * ```
 */
export function formatText(results: FileResult[], options: TextOptions = {}): string {
  const c = colors(options.color ?? false);
  const blocks: string[] = [];
  let count = 0;
  for (const r of results) {
    const index = new LineIndex(r.text);
    const flat = flatten([r]);
    r.findings.forEach((finding, i) => {
      const f = flat[i];
      count++;
      const head = `${c.bold(f.file)}:${f.line}:${f.column}: ${c.sev(f.severity, f.code)} ${f.message}`;
      const { start } = finding.range;
      // A range that ends at the start of a line ends, for display, at the end of the line before.
      const end = finding.range.end.character === 0 && finding.range.end.line > start.line ? { line: finding.range.end.line - 1, character: index.line(finding.range.end.line - 1).length } : finding.range.end;
      const shown = snippetLines(start.line, end.line);
      const width = String(Math.max(...shown.filter((n): n is number => n !== undefined)) + 1).length;
      const gutter = (label = '') => c.gutter(`${label.padStart(width)} |`);
      const out = [head, gutter()];
      for (const n of shown) {
        if (n === undefined) {
          out.push(`${gutter()} ...`);
          continue;
        }
        const text = index.line(n);
        const from = n === start.line ? start.character : firstNonBlank(text);
        const to = n === end.line ? end.character : trimmedEnd(text);
        const rendered = render(text);
        out.push(`${gutter(String(n + 1))} ${rendered.text}`.trimEnd());
        const caretStart = rendered.cellAt(from);
        const caretEnd = Math.max(rendered.cellAt(Math.max(to, from)), caretStart + (to > from || start.line === end.line ? 1 : 0));
        const last = n === end.line;
        if (caretEnd > caretStart) {
          const label = last ? ` ${f.code}` : '';
          out.push(`${gutter()} ${' '.repeat(caretStart)}${c.sev(f.severity, '^'.repeat(caretEnd - caretStart) + label)}`);
        }
      }
      out.push(gutter());
      const help = finding.fixes?.[0]?.title;
      if (help) out.push(`${' '.repeat(width)} ${c.gutter('=')} help: ${help}`);
      blocks.push(out.join('\n'));
    });
  }
  let text = blocks.map((b) => b + '\n').join('\n');
  if (!options.quiet) text += (blocks.length ? '\n' : '') + summary(count) + '\n';
  return text;
}

/** `--statistics`: the number of findings per code, most frequent first. */
export function formatStatistics(results: FileResult[], options: TextOptions = {}): string {
  const counts = statistics(results);
  const width = String(Math.max(0, ...counts.map((s) => s.count))).length;
  const lines = counts.map((s) => `${String(s.count).padStart(width)}  ${s.code}  ${s.name}`);
  if (!options.quiet) lines.push(summary(counts.reduce((n, s) => n + s.count, 0)));
  return lines.length ? lines.join('\n') + '\n' : '';
}

export function statistics(results: FileResult[]): { code: string; name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of results) for (const f of r.findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  return [...counts]
    .map(([code, count]) => ({ code, name: RULES.find((r) => r.code === code)?.name ?? '', count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

// ---- layout -------------------------------------------------------------------------------------

const TAB_WIDTH = 4;
/** Ranges over more lines than this show their first and last lines around a `...` row. */
const MAX_SNIPPET_LINES = 5;

function summary(n: number): string {
  return n === 0 ? 'No problems found.' : `Found ${n} problem${n === 1 ? '' : 's'}.`;
}

/** Line numbers to show, with undefined for an elided stretch. */
function snippetLines(first: number, last: number): (number | undefined)[] {
  const all = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  if (all.length <= MAX_SNIPPET_LINES) return all;
  return [all[0], all[1], undefined, all[all.length - 2], all[all.length - 1]];
}

function firstNonBlank(line: string): number {
  const m = /\S/.exec(line);
  return m ? m.index : line.length;
}

function trimmedEnd(line: string): number {
  return line.replace(/\s+$/, '').length;
}

/**
 * A source line as printed: tabs expanded to the next multiple of four cells, control and
 * bidirectional-override characters shown as U+FFFD (so the terminal shows what the parser saw).
 * `cellAt(i)` maps a UTF-16 column of the original line to a terminal cell of the printed one.
 */
export function render(line: string): { text: string; cellAt(column: number): number } {
  const cells: number[] = [];
  let text = '';
  let cell = 0;
  for (let i = 0; i < line.length; ) {
    const cp = line.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    for (let k = 0; k < units; k++) cells.push(cell);
    const ch = String.fromCodePoint(cp);
    if (cp === 0x09) {
      const n = TAB_WIDTH - (cell % TAB_WIDTH);
      text += ' '.repeat(n);
      cell += n;
    } else if (isInvisibleControl(cp)) {
      text += '\ufffd';
      cell += 1;
    } else {
      text += ch;
      cell += charWidth(cp);
    }
    i += units;
  }
  cells.push(cell);
  return { text, cellAt: (column) => cells[Math.min(Math.max(column, 0), cells.length - 1)] };
}

/** Terminal cells a code point takes: 0 for combining marks and zero-width characters, 2 for wide ones. */
export function charWidth(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (/[\p{Mn}\p{Me}\u200b\u200c\u200d\u2060\ufeff\ufe00-\ufe0f]/u.test(ch)) return 0;
  if (/\p{Emoji_Presentation}/u.test(ch)) return 2;
  return WIDE.some(([lo, hi]) => cp >= lo && cp <= hi) ? 2 : 1;
}

/** East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth.txt, W and F), coarsely. */
const WIDE: [number, number][] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

function isInvisibleControl(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp < 0xa0) ||
    cp === 0x061c ||
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069)
  );
}

function colors(on: boolean) {
  const wrap = (code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  const red = wrap('31;1');
  const yellow = wrap('33;1');
  const cyan = wrap('36;1');
  return {
    bold: wrap('1'),
    gutter: wrap('34;1'),
    sev: (severity: string, s: string) => (severity === 'error' ? red(s) : severity === 'warning' ? yellow(s) : cyan(s)),
  };
}
