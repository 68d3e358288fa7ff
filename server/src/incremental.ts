import type { Edit, SyntaxNode, Tree } from './python/parser';
import { ModuleModel } from './python/model';
import { analyseModel, type AnalysisOptions } from './analysis';
import { RULES } from './rules/index';
import type { Finding, Position, Range } from './types';

/**
 * Re-analysis after an edit, statement by statement.
 *
 * A module's findings are kept per top-level statement. When an edit touches only `def` and `class`
 * statements, and nothing those statements spell can reach another statement, the touched statements
 * are analysed again (with the module's other top-level code read for the names it binds) and every
 * other statement keeps its findings, moved by the edit. Otherwise the whole module is analysed.
 *
 * Statements reach each other only through names. The check is made on the text, so it is
 * conservative: a touched statement stands alone when
 * - it still defines the same name, and declares no `global`;
 * - none of the names it uses bare (not after a dot) that the module binds other than by import is
 *   used bare by another statement (a module variable that both read or write, a function one calls);
 * - no function or class it defines, at any depth, is named by a bare use in another statement, nor
 *   the other way round (rules look a callback up by its name);
 * before and after the edit. The result is then exactly what analysing the whole module gives, which
 * the tests check on random edits.
 */

/** A top-level statement with what it spells and its findings. */
interface Statement {
  start: number;
  end: number;
  startPosition: Position;
  endPosition: Position;
  type: string;
  /** For a `def` or `class` (decorated or not): the name it binds. */
  name: string | undefined;
  /** Identifiers written bare: not after a dot, and not the name a `def` or `class` introduces. */
  uses: readonly string[];
  /** The names of every `def` and `class` in the statement, at any depth. */
  defines: readonly string[];
  /** The names it declares `global`. */
  globals: readonly string[];
  findings: Finding[];
}

/** What a document keeps from its last analysis. */
export interface AnalysisState {
  /** The options the findings were computed under (see `optionsKey`). */
  key: string;
  statements: Statement[];
  findings: Finding[];
  /** How the last analysis was made, for logs and tests. */
  mode: 'full' | 'statements';
  /** The statements analysed again by the last analysis (all of them after a full one). */
  analysed: number;
  /** For each name, how many statements use it bare, define it, or declare it `global`. */
  counts: NameCounts;
  /** One string per name, shared by the statements that spell it (an open file keeps these). */
  names: Map<string, string>;
}

interface NameCounts {
  uses: Map<string, number>;
  defines: Map<string, number>;
  globals: Map<string, number>;
}

function countNames(statements: Statement[]): NameCounts {
  const counts: NameCounts = { uses: new Map(), defines: new Map(), globals: new Map() };
  for (const s of statements) addNames(counts, s, 1);
  return counts;
}

function addNames(counts: NameCounts, s: Statement, by: 1 | -1): void {
  for (const [field, names] of [['uses', s.uses], ['defines', s.defines], ['globals', s.globals]] as const) {
    const map = counts[field];
    for (const name of names) map.set(name, (map.get(name) ?? 0) + by);
  }
}

/** A string that differs whenever the options would give other findings. */
export function optionsKey(options: AnalysisOptions): string {
  const t = options.target;
  const parts = [t.specifier, t.source, t.versions.map((v) => `${v.major}.${v.minor}.${v.micro}`).join(',')];
  for (const rule of options.rules ?? RULES) {
    const enabled = options.isEnabled ? options.isEnabled(rule.code) : true;
    parts.push(`${rule.code}:${enabled ? (options.severity?.(rule.code) ?? '') : 'off'}`);
  }
  return parts.join('|');
}

/** Analyses the whole module and records its statements for later edits. */
export function analyseFully(tree: Tree, text: string, options: AnalysisOptions, key = optionsKey(options), model?: ModuleModel): AnalysisState {
  const findings = analyseModel(model ?? new ModuleModel(tree, text), options);
  const names = new Map<string, string>();
  const statements = tree.rootNode.children.filter((n): n is SyntaxNode => !!n).map((n) => describe(n, text, names));
  let i = 0;
  for (const f of findings) {
    // Findings are sorted by start; statements are in document order and do not overlap.
    while (i < statements.length && before(statements[i].endPosition, f.range.start)) i++;
    const s = statements[i];
    // A finding outside every statement cannot be moved with one; such a module is always analysed whole.
    if (!s || before(f.range.start, s.startPosition)) return { key, statements: [], findings, mode: 'full', analysed: statements.length, counts: countNames([]), names };
    s.findings.push(f);
  }
  return { key, statements, findings, mode: 'full', analysed: statements.length, counts: countNames(statements), names };
}

/**
 * The findings after one edit, from those before it, or undefined when the edit reaches beyond the
 * statements it touched (then the caller analyses the whole module).
 */
export function analyseEdit(previous: AnalysisState, edit: Edit, tree: Tree, text: string, options: AnalysisOptions, key = optionsKey(options)): AnalysisState | undefined {
  if (previous.key !== key || previous.statements.length === 0) return undefined;
  const old = previous.statements;
  const root = tree.rootNode;
  const count = root.childCount;
  const delta = edit.newEndIndex - edit.oldEndIndex;
  // Statements that end right before the edit or start right after it are touched too: typing at
  // either end of a statement changes it.
  const low = edit.startIndex - 1;
  const touchesOld = (s: Statement) => s.start <= edit.oldEndIndex + 1 && s.end >= low;
  const touchesNew = (n: SyntaxNode) => n.startIndex <= edit.newEndIndex + 1 && n.endIndex >= low;

  // The statements before the edit are the same ones; those after it the same ones, moved. (Only
  // the statements next to the edit are fetched from the tree: with thousands of statements, fetching
  // them all would cost more than the analysis.)
  let first = 0;
  for (let lo = 0, hi = old.length; lo < hi; ) {
    const mid = (lo + hi) >> 1;
    if (old[mid].end < low) lo = first = mid + 1;
    else hi = mid;
  }
  let oldAfter = first;
  while (oldAfter < old.length && touchesOld(old[oldAfter])) oldAfter++;
  if (first > 0) {
    const previousNode = root.child(first - 1);
    if (!previousNode || !same(old[first - 1], previousNode, 0)) return undefined;
  }
  const touched: SyntaxNode[] = [];
  let next: SyntaxNode | null = null;
  for (let i = first; i < count; i++) {
    const node = root.child(i);
    if (!node) return undefined;
    if (!touchesNew(node)) {
      next = node;
      break;
    }
    touched.push(node);
  }
  const newAfter = first + touched.length;
  if (count - newAfter !== old.length - oldAfter) return undefined;
  if (next && !same(old[oldAfter], next, delta)) return undefined;

  // The touched statements: definitions only, the same names in the same order, no `global`.
  const removed = old.slice(first, oldAfter);
  const added = touched.map((n) => describe(n, text, previous.names));
  if (removed.length !== added.length) return undefined;
  for (let i = 0; i < added.length; i++) {
    if (!added[i].name || added[i].name !== removed[i].name) return undefined;
    if (added[i].globals.length > 0 || removed[i].globals.length > 0) return undefined;
  }

  // Fixes of the statements kept must not reach into the edited text.
  const kept = [...old.slice(0, first), ...old.slice(oldAfter)];
  const editRange = { start: point(edit.startPosition), end: point(edit.oldEndPosition) };
  for (const s of kept) for (const f of s.findings) for (const fix of f.fixes ?? []) for (const e of fix.edits) if (overlaps(e.range, editRange)) return undefined;

  // Read the touched statements and the module's other top-level code in full, and of the other
  // definitions only the names those statements spell (no other name is ever looked up).
  const read: SyntaxNode[] = [];
  const wanted = new Set<string>();
  for (const a of added) for (const u of a.uses) wanted.add(u);
  const readOther = (s: Statement, index: number, shiftBy: number): boolean => {
    if (s.name !== undefined) return true;
    const node = root.child(index);
    if (!node || !same(s, node, shiftBy)) return false;
    read.push(node);
    for (const u of s.uses) wanted.add(u);
    return true;
  };
  for (let i = 0; i < first; i++) if (!readOther(old[i], i, 0)) return undefined;
  read.push(...touched);
  for (let i = oldAfter, j = newAfter; i < old.length; i++, j++) if (!readOther(old[i], j, delta)) return undefined;
  read.sort((a, b) => a.startIndex - b.startIndex);
  const names: { name: string; start: number }[] = [];
  for (let i = 0; i < old.length; i++) {
    if (i === first) i = oldAfter;
    const s = old[i];
    if (s?.name !== undefined && wanted.has(s.name)) names.push({ name: s.name, start: i < first ? s.start : s.start + delta });
  }
  const model = new ModuleModel(tree, text, { read, names, count });
  // Whether a name is used, defined or declared global by a statement that is kept: the counts of the
  // last analysis, less the statements the edit touched.
  const counts = previous.counts;
  const removedNames = removed.map((r) => ({ uses: new Set(r.uses), defines: new Set(r.defines), globals: new Set(r.globals) }));
  const inKept = (field: keyof NameCounts, name: string) => {
    let n = counts[field].get(name) ?? 0;
    if (n === 0) return false;
    for (const r of removedNames) if (r[field].has(name)) n--;
    return n > 0;
  };
  const moduleNames = model.moduleNames();
  for (const t of [...removed, ...added]) {
    for (const u of t.uses) {
      // A module variable both use, or a function or class the other defines.
      const variable = moduleNames.get(u) === false || inKept('globals', u);
      if ((variable && inKept('uses', u)) || inKept('defines', u)) return undefined;
    }
    for (const d of t.defines) if (inKept('uses', d)) return undefined;
  }

  const fresh = analyseModel(model, options);
  for (const f of fresh) {
    const s = added.find((a) => !before(f.range.start, a.startPosition) && !before(a.endPosition, f.range.start));
    if (s) s.findings.push(f);
  }
  // The statements after the edit move with it. They belong to the previous state, which is not used
  // again, so they are moved in place; when the edit kept the line count, only those on its last line
  // change their positions.
  const rows = edit.newEndPosition.row - edit.oldEndPosition.row;
  for (let i = oldAfter; i < old.length; i++) {
    const s = old[i];
    s.start += delta;
    s.end += delta;
    if (rows === 0 && s.startPosition.line > edit.oldEndPosition.row) continue;
    s.startPosition = shift(s.startPosition, edit);
    s.endPosition = shift(s.endPosition, edit);
    s.findings = s.findings.map((f) => moveFinding(f, edit));
  }
  const statements = [...old.slice(0, first), ...added, ...old.slice(oldAfter)];
  const findings = statements.flatMap((s) => s.findings);
  // The counts move on with the statements (the previous state is not used again).
  for (const r of removed) addNames(counts, r, -1);
  for (const a of added) addNames(counts, a, 1);
  return { key, statements, findings, mode: 'statements', analysed: added.length, counts, names: previous.names };
}

/** The name a top-level `def` or `class` (decorated or not) binds; undefined for any other statement. */
export function definitionName(node: SyntaxNode): string | undefined {
  const def = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  if (def?.type !== 'function_definition' && def?.type !== 'class_definition') return undefined;
  return def.childForFieldName('name')?.text;
}

/** Is a statement of the last analysis the same as a node of the new tree, `delta` characters later? */
function same(s: Statement, node: SyntaxNode, delta: number): boolean {
  return s.start + delta === node.startIndex && s.end + delta === node.endIndex && s.type === node.type;
}

// Python identifiers; the ASCII forms serve statements without other characters (most of them, and
// the Unicode classes cost a noticeable part of a first analysis to compile).
const IDENTIFIER = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/gu;
const DEFINITION = /\b(?:def|class)\s+([\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*)/gu;
const ASCII_IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;
const ASCII_DEFINITION = /\b(?:def|class)\s+([A-Za-z_][A-Za-z0-9_]*)/g;
const NON_ASCII = /[^\x00-\x7f]/;
const GLOBAL = /\bglobal\b([^\n;#]*)/g;

/** What a statement spells, read from its text (strings and comments included, which only adds names). */
function describe(node: SyntaxNode, text: string, names: Map<string, string>): Statement {
  const source = text.slice(node.startIndex, node.endIndex);
  const defines = new Set<string>();
  const introduced = new Set<number>();
  const ascii = !NON_ASCII.test(source);
  for (const m of source.matchAll(ascii ? ASCII_DEFINITION : DEFINITION)) {
    defines.add(m[1]);
    introduced.add(m.index! + m[0].length - m[1].length);
  }
  const uses = new Set<string>();
  for (const m of source.matchAll(ascii ? ASCII_IDENTIFIER : IDENTIFIER)) {
    const at = m.index!;
    if (introduced.has(at)) continue;
    let p = at - 1;
    while (p >= 0 && (source[p] === ' ' || source[p] === '\t' || source[p] === '\\' || source[p] === '\n' || source[p] === '\r')) p--;
    if (p >= 0 && source[p] === '.' && !(p > 0 && source[p - 1] === '.')) continue;
    uses.add(m[0]);
  }
  const globals = new Set<string>();
  for (const m of source.matchAll(GLOBAL)) for (const name of m[1].split(',')) if (name.trim()) globals.add(name.trim());
  const name = definitionName(node);
  return {
    start: node.startIndex,
    end: node.endIndex,
    startPosition: point(node.startPosition),
    endPosition: point(node.endPosition),
    type: node.type,
    name,
    uses: shared(uses, names),
    defines: shared(defines, names),
    globals: shared(globals, names),
    findings: [],
  };
}

function shared(set: Set<string>, names: Map<string, string>): string[] {
  const out: string[] = [];
  for (const name of set) {
    let one = names.get(name);
    if (one === undefined) names.set(name, (one = name));
    out.push(one);
  }
  return out;
}

function point(p: { row: number; column: number }): Position {
  return { line: p.row, character: p.column };
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Where a position after the edited text moves to (positions before it stay). */
function shift(p: Position, edit: Edit): Position {
  const oldEnd = edit.oldEndPosition;
  const newEnd = edit.newEndPosition;
  if (p.line > oldEnd.row) return { line: p.line + newEnd.row - oldEnd.row, character: p.character };
  if (p.line === oldEnd.row && p.character >= oldEnd.column) return { line: newEnd.row, character: newEnd.column + p.character - oldEnd.column };
  return p;
}

function moveRange(r: Range, edit: Edit): Range {
  return { start: shift(r.start, edit), end: shift(r.end, edit) };
}

function moveFinding(f: Finding, edit: Edit): Finding {
  const moved: Finding = { ...f, range: moveRange(f.range, edit) };
  if (f.fixes) moved.fixes = f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: moveRange(e.range, edit) })) }));
  return moved;
}
