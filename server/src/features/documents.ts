import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { parsePython, type Edit, type SyntaxNode, type Tree } from '../python/parser';
import { ModuleModel } from '../python/model';
import type { AnalysisOptions } from '../analysis';
import { analyseEdit, analyseFully, definitionName, optionsKey, type AnalysisState } from '../incremental';
import type { Finding } from '../types';

/**
 * An open document with its syntax tree. Edits are applied to the tree before re-parsing, so
 * tree-sitter only re-parses what changed. Positions are UTF-16 throughout, as in web-tree-sitter.
 *
 * Only the documents used most recently keep their tree and their resolved model (see `Recent`);
 * another document is parsed again, in full, when it is next needed.
 */
export class OpenDocument {
  private tree: Tree | undefined;
  /** Set once the text has changed since the tree was dropped, so the next use parses from scratch. */
  private dropped = false;
  /** Set when the document is too large to analyse; the reason is shown once. */
  skipped: string | undefined;

  constructor(
    public document: TextDocument,
    private readonly maxSize: () => number,
    private readonly logError: (message: string) => void = () => undefined,
  ) {
    this.reparse(undefined);
  }

  get uri(): string {
    return this.document.uri;
  }

  get text(): string {
    return this.document.getText();
  }

  get version(): number {
    return this.document.version;
  }

  private model: ModuleModel | undefined;

  /** The resolved module for the current text, built once per version and shared by diagnostics and hovers. */
  get moduleModel(): ModuleModel | undefined {
    const tree = this.syntaxTree;
    if (!tree) return undefined;
    if (!this.model || this.model.tree !== tree) this.model = new ModuleModel(tree, this.document.getText());
    models.use(this);
    return this.model;
  }

  /** The current tree, or undefined when the document is skipped. */
  get syntaxTree(): Tree | undefined {
    if (!this.tree && this.dropped && !this.skipped) this.reparse(undefined);
    if (this.tree) trees.use(this);
    return this.tree;
  }

  applyChanges(changes: TextDocumentContentChangeEvent[], version: number): void {
    let incremental = this.tree !== undefined;
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        incremental = false;
        this.edits = undefined;
        this.document = TextDocument.update(this.document, [change], version);
        continue;
      }
      const startIndex = this.document.offsetAt(change.range.start);
      const oldEndIndex = this.document.offsetAt(change.range.end);
      // The positions the editor sent may lie past a line's end; the offsets are the truth.
      const startPosition = this.document.positionAt(startIndex);
      const oldEndPosition = this.document.positionAt(oldEndIndex);
      this.document = TextDocument.update(this.document, [change], version);
      const newEndIndex = startIndex + change.text.length;
      const newEndPosition = this.document.positionAt(newEndIndex);
      const edit: Edit = {
        startIndex,
        oldEndIndex,
        newEndIndex,
        startPosition: { row: startPosition.line, column: startPosition.character },
        oldEndPosition: { row: oldEndPosition.line, column: oldEndPosition.character },
        newEndPosition: { row: newEndPosition.line, column: newEndPosition.character },
      };
      this.edits?.push(edit);
      if (incremental && this.tree) this.tree.edit(edit);
    }
    this.reparse(incremental ? this.tree : undefined);
  }

  /** The last analysis, and the edits made since (undefined once an edit cannot be followed). */
  private analysis: AnalysisState | undefined;
  private edits: Edit[] | undefined;

  /**
   * The findings for the current text under these options. After a single edit, only the statements it
   * touched are analysed again when that gives the same result (see `incremental.ts`).
   */
  findings(options: AnalysisOptions): Finding[] | undefined {
    const tree = this.syntaxTree;
    if (!tree) return undefined;
    const key = optionsKey(options);
    let state = this.analysis;
    if (state && this.edits?.length === 0 && state.key === key) return state.findings;
    const text = this.document.getText();
    const next = state && this.edits?.length === 1 ? analyseEdit(state, this.edits[0], tree, text, options, key) : undefined;
    state = next ?? analyseFully(tree, text, options, key, this.moduleModel);
    this.analysis = state;
    this.edits = [];
    return state.findings;
  }

  /** How the last analysis was made: 'full', or 'statements' with the number analysed again. */
  get lastAnalysis(): { mode: AnalysisState['mode']; analysed: number } | undefined {
    return this.analysis && { mode: this.analysis.mode, analysed: this.analysis.analysed };
  }

  /**
   * A model for requests about one place (hovers, code actions). A large document gets a model that
   * reads in full only the top-level statements around the range and the module's top-level code, so
   * that a hover never waits for the whole module to be resolved; a small one shares the full model.
   */
  modelAround(startLine: number, endLine: number): ModuleModel | undefined {
    const tree = this.syntaxTree;
    if (!tree) return undefined;
    if (this.model?.tree === tree || this.document.lineCount <= LARGE_DOCUMENT_LINES) return this.moduleModel;
    const key = `${startLine}:${endLine}`;
    if (this.partial?.tree === tree && this.partial.key === key) return this.partial.model;
    const read: SyntaxNode[] = [];
    const names: { name: string; start: number }[] = [];
    const tops = tree.rootNode.children.filter((n): n is SyntaxNode => !!n);
    for (const node of tops) {
      const name = definitionName(node);
      if (name === undefined || (node.startPosition.row <= endLine && node.endPosition.row >= startLine)) read.push(node);
      else names.push({ name, start: node.startIndex });
    }
    const model = new ModuleModel(tree, this.document.getText(), { read, names, count: tops.length });
    this.partial = { tree, key, model };
    return model;
  }

  private partial: { tree: Tree; key: string; model: ModuleModel } | undefined;

  /** Parses the whole text again, e.g. after the size limit changed. */
  reparseFully(): void {
    this.reparse(undefined);
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.model = undefined;
    this.partial = undefined;
    this.analysis = undefined;
    this.dropped = false;
    trees.forget(this);
    models.forget(this);
  }

  /** Frees the tree (and the model built on it); the next use parses the text again. */
  dropTree(): void {
    if (!this.tree) return;
    this.tree.delete();
    this.tree = undefined;
    this.model = undefined;
    this.partial = undefined;
    this.dropped = true;
    models.forget(this);
  }

  /** Lets the model go; it is built again from the tree when next asked for. */
  dropModel(): void {
    this.model = undefined;
    this.partial = undefined;
  }

  private reparse(previous: Tree | undefined): void {
    const text = this.document.getText();
    const limit = this.maxSize();
    if (text.length > limit) {
      this.skipped = `its ${formatSize(text.length)} are over the ${formatSize(limit)} limit (sslLens.maxFileSize)`;
      this.tree?.delete();
      this.tree = undefined;
      this.model = undefined;
      this.partial = undefined;
      this.analysis = undefined;
      return;
    }
    this.skipped = undefined;
    const old = this.tree;
    this.model = undefined;
    this.partial = undefined;
    this.dropped = false;
    try {
      this.tree = parsePython(text, previous);
      trees.use(this);
    } catch (error) {
      // The parser failing must cost this document its diagnostics, never the server.
      this.tree = undefined;
      this.analysis = undefined;
      this.skipped = 'it could not be parsed';
      this.logError(`${this.document.uri}: the parser failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    old?.delete();
  }
}

/**
 * The documents used most recently, least recent first, within a budget. A tree takes about 1 MB of
 * WebAssembly memory per 1,000 lines (and that memory is never given back to the system, only reused),
 * and a model with the caches its rules attach about 2 MB of heap; kept for every open file of a large
 * workspace they would take hundreds of megabytes. The document in use is never dropped.
 */
class Recent {
  private readonly docs: OpenDocument[] = [];

  constructor(
    private readonly count: number,
    private readonly chars: number,
    private readonly drop: (doc: OpenDocument) => void,
  ) {}

  use(doc: OpenDocument): void {
    const i = this.docs.lastIndexOf(doc);
    if (i >= 0 && i === this.docs.length - 1) return;
    if (i >= 0) this.docs.splice(i, 1);
    this.docs.push(doc);
    let total = 0;
    for (const d of this.docs) total += d.document.getText().length;
    while (this.docs.length > 1 && (this.docs.length > this.count || total > this.chars)) {
      const old = this.docs.shift()!;
      total -= old.document.getText().length;
      this.drop(old);
    }
  }

  forget(doc: OpenDocument): void {
    const i = this.docs.indexOf(doc);
    if (i >= 0) this.docs.splice(i, 1);
  }
}

/** Trees for the 8 documents used last (4 million characters at most); models for the 2 used last. */
const trees = new Recent(8, 4_000_000, (doc) => doc.dropTree());
const models = new Recent(2, Number.MAX_SAFE_INTEGER, (doc) => doc.dropModel());

/** Above this many lines, hovers and code actions read only the statements around them (see `modelAround`). */
const LARGE_DOCUMENT_LINES = 5000;

/** "12.5 MB", "300 KB", "250 bytes". */
export function formatSize(n: number): string {
  if (n >= 1048576) return `${(n / 1048576).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
