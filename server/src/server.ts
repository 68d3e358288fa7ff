import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  NotebookDocuments,
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { minimatch } from 'minimatch';
import { analyseModel, type AnalysisOptions } from './analysis';
import { hoverAt } from './features/hover';
import { codeActions, FIX_ALL_KIND } from './features/code-actions';
import { ruleMarkdown } from './report/index';
import { ModuleModel } from './python/model';
import { parsePython } from './python/parser';
import { combineCells, splitFindings } from './features/notebooks';
import { OpenDocument } from './features/documents';
import { TargetDiscovery, type ConfigFileSystem } from './config/discovery';
import { ClientFileSystem } from './config/client-fs';
import { configurationPreference, editorRuleStates, isExcludedByProject, type ProjectConfig } from './config/project';
import { targetFromSpecifier, describeRange } from './facts/versions';
import {
  ACTIVE_DOCUMENT_NOTIFICATION,
  DEFAULT_SETTINGS,
  RULE_DOCUMENTATION_REQUEST,
  type RuleDocumentationParams,
  SETTINGS_SECTION,
  TARGET_STATUS_NOTIFICATION,
  READ_FILE_REQUEST,
  type ReadFileResult,
  type ActiveDocumentParams,
  type Settings,
  type TargetStatusParams,
} from './protocol';
import type { Finding, Severity, Target } from './types';
import type { Rule } from './rules/rule';

export interface ServerHost {
  /** Reads configuration files for a file URI's project; undefined where the host cannot read files. */
  fileSystem?: ConfigFileSystem;
  /** Maps a document URI to a path the file system understands, or undefined when it has none. */
  uriToPath?(uri: string): string | undefined;
  /** The rules to run; all of them when absent. */
  rules?: readonly Rule[];
  /** Called once the server has had no document to open, change or close for a while. */
  onIdle?(): void;
}

/** How long without document events counts as idle (see `ServerHost.onIdle`). */
const IDLE_AFTER_MS = 2000;

/** Wires the analysis core to an LSP connection. Each handler delegates in a line or two. */
export function startServer(connection: Connection, host: ServerHost = {}): void {
  const documents = new Map<string, OpenDocument>();
  /** sslLens.maxFileSize per document, as last read from its settings. */
  const maxFileSizes = new Map<string, number>();
  const notebooks = new NotebookDocuments(TextDocument);
  const settingsCache = new Map<string, Promise<Settings>>();
  const ruleErrorsLogged = new Set<string>();
  const skippedNotified = new Set<string>();
  /** Per open document, the diagnostics last pulled and the result id they were sent under. */
  const pulled = new Map<string, { resultId: string; items: Diagnostic[] }>();
  let lastResultId = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Restarts the wait for idleness after a document event. */
  const busy = () => {
    if (!host.onIdle) return;
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idleTimer = undefined;
      host.onIdle?.();
    }, IDLE_AFTER_MS);
    idleTimer.unref?.();
  };
  let pullDiagnostics = false;
  let configurationRequests = false;
  let dynamicConfigurationRegistration = false;
  /** Settings a client pushed with didChangeConfiguration, for clients that cannot be asked (workspace/configuration). */
  let pushedSettings: Partial<Settings> = {};
  let discovery: TargetDiscovery | undefined;
  // Documents with no path on disk (virtual workspaces, the browser) read configuration through the editor.
  const clientFs = new ClientFileSystem((uri) => connection.sendRequest<ReadFileResult>(READ_FILE_REQUEST, { uri }));
  let clientDiscovery: TargetDiscovery | undefined;
  let workspaceRoots: string[] = [];

  const targetCache = new Map<string, Target | undefined>();
  const log = (message: string) => connection.console.log(message);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    pullDiagnostics = !!params.capabilities.textDocument?.diagnostic;
    configurationRequests = !!params.capabilities.workspace?.configuration;
    dynamicConfigurationRegistration = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    pushedSettings = sslLensSection(params.initializationOptions) ?? {};
    const roots = (params.workspaceFolders ?? []).map((f) => host.uriToPath?.(f.uri)).filter((p): p is string => !!p);
    if (host.fileSystem) discovery = new TargetDiscovery(host.fileSystem, (m) => connection.console.warn(m), roots);
    workspaceRoots = (params.workspaceFolders ?? []).map((f) => f.uri.replace(/\/$/, ''));
    clientDiscovery = new TargetDiscovery(clientFs, (m) => connection.console.warn(m), workspaceRoots);
    log(`SSL Lens server started (${pullDiagnostics ? 'pull' : 'push'} diagnostics)`);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        diagnosticProvider: pullDiagnostics ? { interFileDependencies: false, workspaceDiagnostics: false } : undefined,
        // Cells are analysed together, as the kernel runs them: an import in one cell serves the next.
        notebookDocumentSync: { notebookSelector: [{ notebook: '*', cells: [{ language: 'python' }] }] },
      },
      serverInfo: { name: 'ssl-lens' },
    };
  });

  connection.onInitialized(() => {
    if (configurationRequests && dynamicConfigurationRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
    }
  });

  connection.onDidOpenTextDocument(({ textDocument }) => {
    // The editor is asked for the file's settings before it is parsed, so that the two overlap.
    void settingsFor(textDocument.uri);
    const doc = TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
    const uri = textDocument.uri;
    documents.set(uri, new OpenDocument(doc, () => maxFileSizes.get(uri) ?? DEFAULT_SETTINGS.maxFileSize, (m) => connection.console.error(m)));
    busy();
    void afterChange(textDocument.uri);
    void prefetchConfiguration(uri);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const open = documents.get(textDocument.uri);
    if (!open) return;
    guard(() => open.applyChanges(contentChanges, textDocument.version));
    busy();
    void afterChange(textDocument.uri);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    documents.get(textDocument.uri)?.dispose();
    documents.delete(textDocument.uri);
    busy();
    settingsCache.delete(textDocument.uri);
    // Per-document state goes with the document, so that opening and closing files never grows memory.
    maxFileSizes.delete(textDocument.uri);
    skippedNotified.delete(textDocument.uri);
    pulled.delete(textDocument.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration((params) => {
    const pushed = sslLensSection(params.settings);
    if (pushed) pushedSettings = pushed;
    settingsCache.clear();
    refreshAll();
  });

  connection.onDidChangeWatchedFiles(() => {
    discovery?.invalidate();
    clientFs.clear();
    clientDiscovery?.invalidate();
    refreshAll();
  });

  connection.languages.diagnostics.on(async (params) => {
    const uri = params.textDocument.uri;
    const open = documents.get(uri);
    if (open) {
      const items = await diagnosticsFor(open);
      // An edit that leaves the diagnostics as they were (most keystrokes) is answered "unchanged":
      // the editor keeps what it shows, and nothing else crosses the connection.
      const last = pulled.get(uri);
      if (last && documents.get(uri) === open && sameDiagnostics(last.items, items)) {
        if (params.previousResultId === last.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: last.resultId };
        return { kind: DocumentDiagnosticReportKind.Full, resultId: last.resultId, items };
      }
      const resultId = String(++lastResultId);
      if (documents.get(uri) === open) pulled.set(uri, { resultId, items });
      return { kind: DocumentDiagnosticReportKind.Full, resultId, items };
    }
    let items: Diagnostic[] = [];
    const notebook = notebooks.findNotebookDocumentForCell(uri);
    if (notebook) items = (await notebookDiagnostics(notebook.uri)).get(uri) ?? [];
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });

  notebooks.onDidOpen((nb) => {
    void afterNotebookChange(nb.uri);
    void prefetchConfiguration(nb.uri);
  });
  notebooks.onDidChange((e) => void afterNotebookChange(e.notebookDocument.uri));
  notebooks.onDidClose((nb) => {
    if (pullDiagnostics) return;
    for (const cell of nb.cells) void connection.sendDiagnostics({ uri: cell.document, diagnostics: [] });
  });
  notebooks.listen(connection);

  connection.onCodeAction(async ({ textDocument, range, context }) => {
    const open = documents.get(textDocument.uri);
    if (!open) return [];
    const settings = await settingsFor(open.uri);
    if (!settings.enable || isExcluded(open.uri, settings) || open.skipped) return [];
    const model = guard(() => open.modelAround(range.start.line, range.end.line));
    if (!model) return [];
    const options = analysisOptions(open.uri, settings);
    const findings = guard(() => open.findings(options)) ?? [];
    return (
      guard(() =>
        codeActions({
          uri: open.uri,
          model,
          findings,
          range,
          only: context.only,
          disableRuleComment: settings.codeAction?.disableRuleComment?.enable !== false,
          showDocumentation: settings.codeAction?.showDocumentation?.enable !== false,
          analyse: (text) => withModel(text, (m) => analyseModel(m, options)),
          toDiagnostic,
        }),
      ) ?? []
    );
  });

  connection.onRequest(RULE_DOCUMENTATION_REQUEST, (params: RuleDocumentationParams) => ruleMarkdown(params.code) || null);

  connection.onHover(async ({ textDocument, position }) => {
    const uri = textDocument.uri;
    const settings = await settingsFor(uri);
    if (!settings.enable) return null;
    const open = documents.get(uri);
    if (open) {
      const model = guard(() => open.modelAround(position.line, position.line));
      const target = targetFor(uri, settings);
      const hover = model && guard(() => hoverAt(model, position, target));
      return hover ? { contents: { kind: 'markdown', value: hover.markdown }, range: hover.range } : null;
    }
    const notebook = notebooks.findNotebookDocumentForCell(uri);
    if (!notebook) return null;
    const cells = notebook.cells
      .map((cell) => notebooks.getCellTextDocument(cell))
      .filter((d): d is TextDocument => !!d && d.languageId === 'python')
      .map((d) => ({ uri: d.uri, text: d.getText() }));
    const combined = combineCells(cells);
    const cell = combined.cells.find((c) => c.uri === uri);
    if (!cell) return null;
    const target = targetFor(notebook.uri, settings);
    const hover = guard(() => withModel(combined.text, (model) => hoverAt(model, { line: position.line + cell.firstLine, character: position.character }, target)));
    if (!hover) return null;
    const shift = (p: { line: number; character: number }) => ({ line: p.line - cell.firstLine, character: p.character });
    return { contents: { kind: 'markdown', value: hover.markdown }, range: { start: shift(hover.range.start), end: shift(hover.range.end) } };
  });

  connection.onNotification(ACTIVE_DOCUMENT_NOTIFICATION, (params: ActiveDocumentParams) => {
    const open = documents.get(params.uri);
    if (open) void sendTargetStatus(open);
  });

  connection.listen();

  // ---- helpers ------------------------------------------------------------------------------

  async function afterChange(uri: string): Promise<void> {
    const open = documents.get(uri);
    if (!open || pullDiagnostics) return;
    const version = open.version;
    const diagnostics = await diagnosticsFor(open);
    if (documents.get(uri) === open && open.version === version) await connection.sendDiagnostics({ uri, version, diagnostics });
  }

  async function afterNotebookChange(notebookUri: string): Promise<void> {
    if (pullDiagnostics) {
      connection.languages.diagnostics.refresh();
      return;
    }
    for (const [cellUri, diagnostics] of await notebookDiagnostics(notebookUri)) void connection.sendDiagnostics({ uri: cellUri, diagnostics });
  }

  /** Diagnostics for every Python cell of a notebook, analysed as one module. */
  async function notebookDiagnostics(notebookUri: string): Promise<Map<string, Diagnostic[]>> {
    const nb = notebooks.getNotebookDocument(notebookUri);
    const result = new Map<string, Diagnostic[]>();
    if (!nb) return result;
    const cells = nb.cells
      .map((cell) => notebooks.getCellTextDocument(cell))
      .filter((d): d is TextDocument => !!d && d.languageId === 'python')
      .map((d) => ({ uri: d.uri, text: d.getText() }));
    const settings = await settingsFor(notebookUri);
    for (const c of cells) result.set(c.uri, []);
    if (!settings.enable || isExcluded(notebookUri, settings)) return result;
    const combined = combineCells(cells);
    const findings = guard(() => withModel(combined.text, (model) => analyseModel(model, analysisOptions(notebookUri, settings)))) ?? [];
    for (const [uri, list] of splitFindings(combined, findings)) result.set(uri, list.map(toDiagnostic));
    return result;
  }

  /** Parses text that is not an open document (a notebook's joined cells) and frees the tree afterwards. */
  function withModel<T>(text: string, fn: (model: ModuleModel) => T): T {
    const tree = parsePython(text);
    try {
      return fn(new ModuleModel(tree, text));
    } finally {
      tree.delete();
    }
  }

  function refreshAll(): void {
    if (pullDiagnostics) connection.languages.diagnostics.refresh();
    else for (const uri of documents.keys()) void afterChange(uri);
  }

  async function diagnosticsFor(open: OpenDocument): Promise<Diagnostic[]> {
    const settings = await settingsFor(open.uri);
    if (!settings.enable || isExcluded(open.uri, settings)) return [];
    if (typeof settings.maxFileSize === 'number' && settings.maxFileSize !== (maxFileSizes.get(open.uri) ?? DEFAULT_SETTINGS.maxFileSize)) {
      // The limit changed since the document was parsed: parse it again under the new one.
      maxFileSizes.set(open.uri, settings.maxFileSize);
      guard(() => open.reparseFully());
    }
    if (open.skipped) {
      if (!skippedNotified.has(open.uri)) {
        skippedNotified.add(open.uri);
        connection.console.warn(`${open.uri}: not analysed, ${open.skipped}`);
      }
      return [];
    }
    const findings = guard(() => open.findings(analysisOptions(open.uri, settings)));
    return (findings ?? []).map(toDiagnostic);
  }

  function analysisOptions(uri: string, settings: Settings): AnalysisOptions {
    const preference = configurationPreference(settings.configurationPreference);
    const rules = editorRuleStates(preference, settings.rules, projectFor(uri, settings), locate(uri)?.path);
    return {
      target: targetFor(uri, settings),
      rules: host.rules,
      isEnabled: (code) => rules.get(code)?.enabled ?? true,
      severity: (code) => rules.get(code)?.severity,
      onRuleError: (rule, error) => {
        if (ruleErrorsLogged.has(rule.code)) return;
        ruleErrorsLogged.add(rule.code);
        connection.console.error(`rule ${rule.code} failed on ${uri}: ${error instanceof Error ? error.stack : String(error)}`);
      },
    };
  }

  /** Where a document's configuration is read from: the disk when it has a path, else the editor. */
  function locate(uri: string): { discovery: TargetDiscovery; path: string } | undefined {
    const path = host.uriToPath?.(uri);
    if (path && discovery) return { discovery, path };
    if (clientDiscovery && /^[a-z][a-z0-9+.-]*:\/\/[^/]*\//i.test(uri) && !uri.startsWith('untitled:')) return { discovery: clientDiscovery, path: uri };
    return undefined;
  }

  /** Fetches a virtual document's configuration files through the editor, then re-checks it. */
  async function prefetchConfiguration(uri: string): Promise<void> {
    if (host.uriToPath?.(uri) || !locate(uri)) return;
    const fetched = await clientFs.prefetch(uri, workspaceRoots).catch(() => false);
    if (!fetched) return;
    clientDiscovery?.invalidate();
    refreshAll();
  }

  /** The setting, then the files (editorFirst, editorOnly); the files, then the setting (filesystemFirst). */
  function targetFor(uri: string, settings: Settings): Target {
    const preference = configurationPreference(settings.configurationPreference);
    let fromSetting: Target | undefined;
    if (settings.pythonVersion) {
      fromSetting = cachedTarget(settings.pythonVersion, 'the sslLens.pythonVersion setting');
      if (!fromSetting) connection.console.warn(`sslLens.pythonVersion '${settings.pythonVersion}' is not a PEP 440 specifier that matches any known Python release; ignored`);
    }
    const where = locate(uri);
    const fromFiles = () => where?.discovery.findTarget(where.path, { toolTable: preference !== 'editorOnly' });
    const found = preference === 'filesystemFirst' ? (fromFiles() ?? fromSetting) : (fromSetting ?? fromFiles());
    return found ?? cachedTarget('>=3.10', 'the default target')!;
  }

  /** Matching a specifier against every known release takes milliseconds, and every keystroke asks again. */
  function cachedTarget(specifier: string, source: string): Target | undefined {
    const key = `${specifier}\0${source}`;
    if (!targetCache.has(key)) {
      if (targetCache.size >= 64) targetCache.clear();
      targetCache.set(key, targetFromSpecifier(specifier, source));
    }
    return targetCache.get(key);
  }

  /** The `[tool.ssl-lens]` settings for a document, unless the preference is editorOnly. */
  function projectFor(uri: string, settings: Settings): ProjectConfig | undefined {
    if (configurationPreference(settings.configurationPreference) === 'editorOnly') return undefined;
    const where = locate(uri);
    return where?.discovery.projectFor(where.path);
  }

  async function sendTargetStatus(open: OpenDocument): Promise<void> {
    const target = targetFor(open.uri, await settingsFor(open.uri));
    const params: TargetStatusParams = { uri: open.uri, range: describeRange(target), specifier: target.specifier, source: target.source };
    void connection.sendNotification(TARGET_STATUS_NOTIFICATION, params);
  }

  function settingsFor(uri: string): Promise<Settings> {
    let cached = settingsCache.get(uri);
    if (!cached) {
      cached = configurationRequests
        ? connection.workspace
            .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
            .then((s: Partial<Settings> | null) => ({ ...DEFAULT_SETTINGS, ...(s ?? {}) }))
            .catch(() => DEFAULT_SETTINGS)
        : Promise.resolve({ ...DEFAULT_SETTINGS, ...pushedSettings });
      settingsCache.set(uri, cached);
    }
    return cached;
  }

  /** Excluded by the sslLens.exclude setting or by the project's `exclude` (both apply, except under editorOnly). */
  function isExcluded(uri: string, settings: Settings): boolean {
    const project = projectFor(uri, settings);
    const filePath = locate(uri)?.path;
    if (project && filePath && isExcludedByProject(project, filePath)) return true;
    if (!settings.exclude?.length) return false;
    const path = decodeURIComponent(uri.replace(/^[a-z-]+:\/\/[^/]*/, ''));
    return settings.exclude.some((g) => minimatch(path, g, { dot: true, matchBase: !g.includes('/') }) || minimatch(path, `**/${g}`, { dot: true }));
  }

  function guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      connection.console.error(`internal error: ${error instanceof Error ? error.stack : String(error)}`);
      return undefined;
    }
  }

}


/**
 * The `sslLens` part of settings a client pushes (`{"sslLens": {...}}`, or the flat section itself),
 * as Neovim and other editors without workspace/configuration send them.
 */
function sslLensSection(settings: unknown): Partial<Settings> | undefined {
  if (!settings || typeof settings !== 'object') return undefined;
  const nested = (settings as Record<string, unknown>)[SETTINGS_SECTION];
  if (nested && typeof nested === 'object') return nested as Partial<Settings>;
  const keys = Object.keys(settings as object);
  return keys.some((k) => k in DEFAULT_SETTINGS) ? (settings as Partial<Settings>) : undefined;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The same diagnostics in the same order; a finding an edit did not touch gives the same object. */
function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && JSON.stringify(a[i]) !== JSON.stringify(b[i])) return false;
  return true;
}

/**
 * The diagnostic for a finding. A finding that an edit did not touch is the same object from one
 * analysis to the next (see `incremental.ts`), so its diagnostic is made once.
 */
function toDiagnostic(f: Finding): Diagnostic {
  let d = diagnostics.get(f);
  if (!d) diagnostics.set(f, (d = makeDiagnostic(f)));
  return d;
}

const diagnostics = new WeakMap<Finding, Diagnostic>();

function makeDiagnostic(f: Finding): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: `https://github.com/ssl-lens/ssl-lens/blob/main/docs/rules/${f.code}.md` },
    source: 'ssl-lens',
    message: f.message,
    data: { name: f.name },
  };
}
