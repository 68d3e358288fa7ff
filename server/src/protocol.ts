/**
 * The custom messages between the extension and its language server. Both halves import this file,
 * so a name or a shape cannot drift apart.
 */

/** Server → client: the target Python versions of the active file, for the status bar. */
export const TARGET_STATUS_NOTIFICATION = 'sslLens/targetStatus';

export interface TargetStatusParams {
  uri: string;
  /** e.g. "3.8–3.14" */
  range: string;
  specifier: string;
  source: string;
}

/** Client → server: which file is active, so the server can send its target status. */
export const ACTIVE_DOCUMENT_NOTIFICATION = 'sslLens/activeDocument';

export interface ActiveDocumentParams {
  uri: string;
}

/** Server → client: read a workspace file through the editor (virtual workspaces have no disk). */
export const READ_FILE_REQUEST = 'sslLens/readFile';

export interface ReadFileParams {
  uri: string;
}

/** The file's text, or null when it does not exist. */
export type ReadFileResult = string | null;

/** Client → server: a rule's documentation as Markdown (null for an unknown code). */
export const RULE_DOCUMENTATION_REQUEST = 'sslLens/ruleDocumentation';

export interface RuleDocumentationParams {
  code: string;
}

/** The command behind "Show documentation for SSLnnn" (arguments: the code). */
export const SHOW_DOCUMENTATION_COMMAND = 'sslLens.showDocumentation';

/** The command that applies every safe fix in the active file. */
export const FIX_ALL_COMMAND = 'sslLens.fixAll';

/** Settings section name. */
export const SETTINGS_SECTION = 'sslLens';

/** The settings the server reads per resource (`sslLens.*`). */
export interface Settings {
  enable: boolean;
  /** Per-code severity or "off". */
  rules: Record<string, 'error' | 'warning' | 'information' | 'hint' | 'off'>;
  exclude: string[];
  /** A PEP 440 specifier that overrides discovery, or "" to discover. */
  pythonVersion: string;
  codeAction: { disableRuleComment: { enable: boolean }; showDocumentation: { enable: boolean } };
  maxFileSize: number;
  /**
   * How these settings combine with `[tool.ssl-lens]` in pyproject.toml: `editorFirst` (settings win where
   * both say something), `filesystemFirst` (the file wins), `editorOnly` (the table is not read).
   */
  configurationPreference: 'editorFirst' | 'filesystemFirst' | 'editorOnly';
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  rules: {},
  exclude: [],
  pythonVersion: '',
  codeAction: { disableRuleComment: { enable: true }, showDocumentation: { enable: true } },
  maxFileSize: 10 * 1024 * 1024,
  configurationPreference: 'editorFirst',
};
