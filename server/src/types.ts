/**
 * Types shared by the whole analysis core.
 * Positions are zero-based lines and UTF-16 code-unit columns, which is what both
 * web-tree-sitter (over JavaScript strings) and LSP use by default.
 * Conversions to other encodings happen only in `positions.ts`.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** A safe fix keeps the program's behaviour apart from the security property it restores. */
  safe: boolean;
}

export interface Finding {
  code: string;
  name: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes?: Fix[];
}

/** A Python release, e.g. 2.7.9 or 3.4 (micro 0 when not given). */
export interface PyVersion {
  major: number;
  minor: number;
  micro: number;
}

/** The Python versions a file targets, and where that came from. */
export interface Target {
  /** Every known release the target admits, sorted ascending; never empty. */
  versions: PyVersion[];
  /** The specifier as the user wrote it, e.g. ">=3.8,<3.13". */
  specifier: string;
  /** Where the specifier was found, e.g. "requires-python in pyproject.toml". */
  source: string;
}
