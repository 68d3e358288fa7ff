import { CodeActionKind, type CodeAction, type Diagnostic, type Range as LspRange } from 'vscode-languageserver';
import type { ModuleModel } from '../python/model';
import type { SyntaxNode } from '../python/parser';
import { logicalLines, parseDirectives } from '../suppressions';
import { fixAll } from '../fixes/apply';
import { lineText } from '../fixes/edits';
import { SHOW_DOCUMENTATION_COMMAND } from '../protocol';
import type { Finding, Range, TextEdit } from '../types';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.sslLens`;

export interface CodeActionOptions {
  uri: string;
  model: ModuleModel;
  findings: Finding[];
  range: LspRange;
  only?: string[];
  disableRuleComment: boolean;
  showDocumentation: boolean;
  /** Re-analyses a text, for fix-all. */
  analyse: (text: string) => Finding[];
  toDiagnostic: (f: Finding) => Diagnostic;
}

/**
 * Code actions for the findings under a range, in a fixed order per finding: the real fix (preferred),
 * then "Disable SSLnnn for this line", then "Show documentation for SSLnnn"; and the fix-all source action.
 */
export function codeActions(o: CodeActionOptions): CodeAction[] {
  const wants = (kind: string) => !o.only || o.only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const f of o.findings) {
      if (!overlaps(f.range, o.range)) continue;
      const diagnostic = o.toDiagnostic(f);
      (f.fixes ?? []).forEach((fix, i) => {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: i === 0,
          edit: { changes: { [o.uri]: fix.edits } },
        });
      });
      if (o.disableRuleComment) {
        const edit = noqaEdit(o.model, f);
        if (edit) actions.push({ title: `Disable ${f.code} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [o.uri]: [edit] } } });
      }
      if (o.showDocumentation) {
        actions.push({
          title: `Show documentation for ${f.code}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: { title: `Show documentation for ${f.code}`, command: SHOW_DOCUMENTATION_COMMAND, arguments: [f.code] },
        });
      }
    }
  }
  if (wants(FIX_ALL_KIND) && (o.only !== undefined || o.findings.some((f) => f.fixes?.some((x) => x.safe)))) {
    const edit = fixAllEdit(o.model.text, o.analyse);
    if (edit) actions.push({ title: 'Fix all safe SSL Lens problems', kind: FIX_ALL_KIND, edit: { changes: { [o.uri]: [edit] } } });
  }
  return actions;
}

/** One edit that turns the document into its fully fixed form (safe fixes only), or undefined when nothing changes. */
export function fixAllEdit(text: string, analyse: (text: string) => Finding[]): TextEdit | undefined {
  const { text: fixed } = fixAll(text, analyse, { unsafe: false });
  if (fixed === text) return undefined;
  // Replace only the changed middle, so the editor keeps the cursor and folding elsewhere.
  let start = 0;
  while (start < text.length && start < fixed.length && text[start] === fixed[start]) start++;
  let endOld = text.length;
  let endNew = fixed.length;
  while (endOld > start && endNew > start && text[endOld - 1] === fixed[endNew - 1]) {
    endOld--;
    endNew--;
  }
  return { range: { start: positionAt(text, start), end: positionAt(text, endOld) }, newText: fixed.slice(start, endNew) };
}

/**
 * A `# noqa: SSLnnn` comment where suppression is honoured: on the finding's line, or on the last line
 * of its statement when the finding's line ends inside a string or with a backslash. An existing noqa
 * comment on that line gets the code added.
 */
export function noqaEdit(model: ModuleModel, f: Finding): TextEdit | undefined {
  const node = model.root.descendantForPosition({ row: f.range.start.line, column: f.range.start.character });
  if (!node) return undefined;
  const [, last] = logicalLines(node);
  let line = f.range.start.line;
  const text = () => lineText(model, line);
  if (endsInsideString(model, line) || /\\\s*$/.test(text())) line = last;
  if (endsInsideString(model, line) || /\\\s*$/.test(text())) return undefined;
  const comment = commentOn(model, line);
  if (comment) {
    for (const d of parseDirectives(comment.text)) {
      if (d.tool !== 'noqa') continue;
      if (d.codes === 'all' || d.codes.includes(f.code)) return undefined;
      const col = comment.startPosition.column + d.end;
      return { range: { start: { line, character: col }, end: { line, character: col } }, newText: `, ${f.code}` };
    }
    const end = comment.endPosition.column;
    return { range: { start: { line, character: end }, end: { line, character: end } }, newText: `  # noqa: ${f.code}` };
  }
  const length = text().replace(/\s+$/, '').length;
  return { range: { start: { line, character: length }, end: { line, character: text().length } }, newText: `  # noqa: ${f.code}` };
}

function commentOn(model: ModuleModel, line: number): SyntaxNode | undefined {
  return model.comments.find((c) => c.startPosition.row === line);
}

function endsInsideString(model: ModuleModel, line: number): boolean {
  const length = lineText(model, line).length;
  if (length === 0) return false;
  const node = model.root.descendantForPosition({ row: line, column: length - 1 });
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    if (n.type === 'string' || n.type === 'concatenated_string') return n.endPosition.row > line || (n.endPosition.row === line && n.endPosition.column > length);
  }
  return false;
}

function overlaps(a: Range, b: LspRange): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function positionAt(text: string, offset: number) {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}
