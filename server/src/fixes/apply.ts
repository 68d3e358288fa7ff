import { LineIndex } from '../positions';
import type { Finding, Fix, TextEdit } from '../types';

/** Applies edits to a text; edits are positioned on the original text and must not overlap. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const spans = edits
    .map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

/**
 * Picks one fix per finding (its first, the preferred one) and keeps those whose edits do not overlap
 * the edits already chosen. Identical edits (the same `import ssl` added by two fixes) count once.
 */
export function chooseFixes(findings: Finding[], options: { unsafe: boolean }): { fixes: Fix[]; edits: TextEdit[] } {
  const chosen: Fix[] = [];
  const edits: TextEdit[] = [];
  const lines = (e: TextEdit) => [e.range.start.line * 1e7 + e.range.start.character, e.range.end.line * 1e7 + e.range.end.character];
  const key = (e: TextEdit) => `${lines(e).join(':')}:${e.newText}`;
  const keys = new Set<string>();
  for (const f of findings) {
    const fix = f.fixes?.find((x) => x.safe || options.unsafe);
    if (!fix) continue;
    const fresh = fix.edits.filter((e) => !keys.has(key(e)));
    const overlaps = fresh.some((e) => {
      const [a, b] = lines(e);
      return edits.some((o) => {
        const [c, d] = lines(o);
        return a < d && c < b || (a === b && c < a && a < d) || (c === d && a < c && c < b) || (a === c && a === b && c === d);
      });
    });
    if (overlaps) continue;
    for (const e of fresh) {
      keys.add(key(e));
      edits.push(e);
    }
    chosen.push(fix);
  }
  return { fixes: chosen, edits };
}

/**
 * Applies fixes until none is left to apply (each pass re-analyses, since one fix can make another
 * finding disappear or move). Returns the final text and how many fixes were applied.
 */
export function fixAll(text: string, analyse: (text: string) => Finding[], options: { unsafe: boolean; maxPasses?: number }): { text: string; applied: number } {
  let current = text;
  let applied = 0;
  for (let pass = 0; pass < (options.maxPasses ?? 10); pass++) {
    const { fixes, edits } = chooseFixes(analyse(current), options);
    if (edits.length === 0) break;
    const next = applyEdits(current, edits);
    if (next === current) break;
    current = next;
    applied += fixes.length;
  }
  return { text: current, applied };
}
