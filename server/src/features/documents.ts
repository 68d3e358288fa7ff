import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { parsePython, type Tree } from '../python/parser';
import { ModuleModel } from '../python/model';

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
        this.document = TextDocument.update(this.document, [change], version);
        continue;
      }
      if (incremental && this.tree) {
        const startIndex = this.document.offsetAt(change.range.start);
        const oldEndIndex = this.document.offsetAt(change.range.end);
        // The positions the editor sent may lie past a line's end; the offsets are the truth.
        const startPosition = this.document.positionAt(startIndex);
        const oldEndPosition = this.document.positionAt(oldEndIndex);
        this.document = TextDocument.update(this.document, [change], version);
        const newEndIndex = startIndex + change.text.length;
        const newEndPosition = this.document.positionAt(newEndIndex);
        this.tree.edit({
          startIndex,
          oldEndIndex,
          newEndIndex,
          startPosition: { row: startPosition.line, column: startPosition.character },
          oldEndPosition: { row: oldEndPosition.line, column: oldEndPosition.character },
          newEndPosition: { row: newEndPosition.line, column: newEndPosition.character },
        });
      } else {
        this.document = TextDocument.update(this.document, [change], version);
      }
    }
    this.reparse(incremental ? this.tree : undefined);
  }

  /** Parses the whole text again, e.g. after the size limit changed. */
  reparseFully(): void {
    this.reparse(undefined);
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.model = undefined;
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
    this.dropped = true;
    models.forget(this);
  }

  /** Lets the model go; it is built again from the tree when next asked for. */
  dropModel(): void {
    this.model = undefined;
  }

  private reparse(previous: Tree | undefined): void {
    const text = this.document.getText();
    const limit = this.maxSize();
    if (text.length > limit) {
      this.skipped = `its ${formatSize(text.length)} are over the ${formatSize(limit)} limit (sslLens.maxFileSize)`;
      this.tree?.delete();
      this.tree = undefined;
      this.model = undefined;
      return;
    }
    this.skipped = undefined;
    const old = this.tree;
    this.model = undefined;
    this.dropped = false;
    try {
      this.tree = parsePython(text, previous);
      trees.use(this);
    } catch (error) {
      // The parser failing must cost this document its diagnostics, never the server.
      this.tree = undefined;
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

/** "12.5 MB", "300 KB", "250 bytes". */
export function formatSize(n: number): string {
  if (n >= 1048576) return `${(n / 1048576).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
