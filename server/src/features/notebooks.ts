import type { Finding } from '../types';

/** One code cell of a notebook, in notebook order. */
export interface CellText {
  uri: string;
  text: string;
}

/** The cells joined into one module, and where each cell starts in it. */
export interface CombinedNotebook {
  text: string;
  cells: { uri: string; firstLine: number; lineCount: number }[];
}

/**
 * Joins a notebook's Python cells into one module so that an `import ssl` in one cell resolves in
 * the next, as it does in the kernel. IPython syntax (`%magic`, `%%cell_magic`, `!shell`, `?help`)
 * is blanked out line by line, keeping every line and column where it was, so it can never produce
 * a finding or a parse error that spills into the Python around it.
 */
export function combineCells(cells: CellText[]): CombinedNotebook {
  const parts: string[] = [];
  const out: CombinedNotebook['cells'] = [];
  let line = 0;
  for (const cell of cells) {
    const lines = cell.text.split(/\r\n|\r|\n/);
    const masked = maskIPython(lines);
    parts.push(masked.join('\n'));
    out.push({ uri: cell.uri, firstLine: line, lineCount: lines.length });
    line += lines.length;
  }
  return { text: parts.join('\n'), cells: out };
}

/** Splits findings on the combined module back into per-cell findings with cell-relative lines. */
export function splitFindings(combined: CombinedNotebook, findings: Finding[]): Map<string, Finding[]> {
  const byCell = new Map<string, Finding[]>(combined.cells.map((c) => [c.uri, []]));
  for (const f of findings) {
    const cell = combined.cells.find((c) => f.range.start.line >= c.firstLine && f.range.start.line < c.firstLine + c.lineCount);
    if (!cell) continue;
    const shift = (p: { line: number; character: number }) => {
      const line = p.line - cell.firstLine;
      return line < cell.lineCount ? { line, character: p.character } : { line: cell.lineCount - 1, character: Number.MAX_SAFE_INTEGER };
    };
    byCell.get(cell.uri)!.push({ ...f, range: { start: shift(f.range.start), end: shift(f.range.end) } });
  }
  return byCell;
}

function maskIPython(lines: string[]): string[] {
  // A cell magic (`%%bash`, `%%timeit`) makes the whole cell non-Python.
  const firstCode = lines.find((l) => l.trim() !== '');
  if (firstCode !== undefined && /^\s*%%/.test(firstCode)) return lines.map(blank);
  const out: string[] = [];
  let continuing = false;
  for (const line of lines) {
    const magic = /^\s*(%|!|\?)/.test(line) || /^\s*[\w.]+\s*=\s*(%|!)/.test(line) || /\?\??\s*$/.test(line.replace(/#.*$/, ''));
    if (continuing || magic) {
      out.push(blank(line));
      continuing = /\\\s*$/.test(line);
    } else {
      out.push(line);
      continuing = false;
    }
  }
  return out;
}

function blank(line: string): string {
  return ' '.repeat(line.length);
}
