import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { parsePython, type Tree } from '../python/parser';
import { ModuleModel } from '../python/model';

/**
 * An open document with its syntax tree. Edits are applied to the tree before re-parsing, so
 * tree-sitter only re-parses what changed. Positions are UTF-16 throughout, as in web-tree-sitter.
 */
export class OpenDocument {
  private tree: Tree | undefined;
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
    if (!this.tree) return undefined;
    if (!this.model || this.model.tree !== this.tree) this.model = new ModuleModel(this.tree, this.document.getText());
    return this.model;
  }

  /** The current tree, or undefined when the document is skipped. */
  get syntaxTree(): Tree | undefined {
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
    try {
      this.tree = parsePython(text, previous);
    } catch (error) {
      // The parser failing must cost this document its diagnostics, never the server.
      this.tree = undefined;
      this.skipped = 'it could not be parsed';
      this.logError(`${this.document.uri}: the parser failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    old?.delete();
  }
}

/** "12.5 MB", "300 KB", "250 bytes". */
export function formatSize(n: number): string {
  if (n >= 1048576) return `${(n / 1048576).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
