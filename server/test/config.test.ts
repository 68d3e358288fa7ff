import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseToml } from 'smol-toml';
import Ajv from 'ajv';
import {
  PROJECT_KEYS,
  codesForSelector,
  editorRuleStates,
  isExcludedByProject,
  matchesGlob,
  perFileIgnoresFor,
  resolveProjectConfig,
  resolveRules,
  editorLayer,
  projectLayer,
} from '../src/config/project';
import { TargetDiscovery, type ConfigFileSystem } from '../src/config/discovery';
import { RULES } from '../src/rules/index';
import { parserReady } from './helpers';
import { LspClient } from './lsp-client';

const FILE = '/repo/pyproject.toml';

function table(toml: string): unknown {
  return (parseToml(toml).tool as Record<string, unknown>)['ssl-lens'];
}

function enabled(states: Map<string, { code: string; enabled: boolean }>): string[] {
  return [...states.values()].filter((s) => s.enabled).map((s) => s.code);
}

// ---- the table ----------------------------------------------------------------------------------

test('a complete table is read, with peer codes and prefixes expanded', () => {
  const { config, warnings } = resolveProjectConfig(
    table(`
[tool.ssl-lens]
target-version = ">=3.8"
select = ["SSL1", "S501"]
ignore = ["SSL103"]
exclude = ["build", "src/generated/**"]
[tool.ssl-lens.per-file-ignores]
"tests/**" = ["SSL201", "B504"]
"!src/**" = ["SSL5"]
[tool.ssl-lens.severity]
SSL203 = "error"
SSL101 = "hint"
`),
    FILE,
  );
  assert.deepEqual(warnings, []);
  assert.equal(config.root, '/repo');
  assert.equal(config.targetVersion, '>=3.8');
  assert.deepEqual(config.select, ['SSL101', 'SSL102', 'SSL103', 'SSL201']);
  assert.deepEqual(config.ignore, ['SSL103']);
  assert.deepEqual(config.exclude, ['build', 'src/generated/**']);
  assert.deepEqual(config.perFileIgnores, [
    { pattern: 'tests/**', codes: ['SSL201', 'SSL103'] },
    { pattern: '!src/**', codes: ['SSL501', 'SSL502', 'SSL503', 'SSL504'] },
  ]);
  assert.deepEqual(config.severity, { SSL203: 'error', SSL101: 'hint' });
});

test('selectors: our codes, peer codes, prefixes and ALL; nothing else', () => {
  assert.deepEqual(codesForSelector('ssl202'), ['SSL202']);
  assert.deepEqual(codesForSelector('S502'), ['SSL101']);
  assert.deepEqual(codesForSelector('B323'), ['SSL201']);
  assert.deepEqual(codesForSelector('SSL20'), ['SSL201', 'SSL202', 'SSL203']);
  assert.deepEqual(codesForSelector('SSL'), RULES.map((r) => r.code));
  assert.deepEqual(codesForSelector('ALL'), RULES.map((r) => r.code));
  assert.equal(codesForSelector('SSL9'), undefined);
  assert.equal(codesForSelector('SSL1011'), undefined);
  assert.equal(codesForSelector('E501'), undefined);
});

test('broken values: one warning each, naming the file and the key; the rest still applies', () => {
  const { config, warnings } = resolveProjectConfig(
    table(`
[tool.ssl-lens]
target-version = 38
select = "SSL101"
ignore = ["SSL103", "SSL999", 5]
exclude = ["build", 3]
per_file_ignores = {}
colour = true
[tool.ssl-lens.per-file-ignores]
"tests/**" = "SSL201"
"docs/**" = ["SSL202"]
[tool.ssl-lens.severity]
SSL201 = "fatal"
SSL103 = "off"
SSL1O1 = "error"
SSL202 = "warning"
`),
    FILE,
  );
  assert.deepEqual(warnings, [
    '/repo/pyproject.toml: [tool.ssl-lens] target-version: must be a string such as ">=3.8", not the number 38; ignored',
    '/repo/pyproject.toml: [tool.ssl-lens] select: must be a list of rule codes, such as ["SSL201"], not the string "SSL101"; ignored',
    '/repo/pyproject.toml: [tool.ssl-lens] ignore: must be a list of rule codes, such as ["SSL201"], not a list of strings and numbers; ignored',
    '/repo/pyproject.toml: [tool.ssl-lens] exclude: must be a list of globs, such as ["build/**"], not a list of strings and numbers; ignored',
    "/repo/pyproject.toml: [tool.ssl-lens] has an unknown key 'per_file_ignores' (did you mean 'per-file-ignores'?) (known keys: target-version, select, ignore, per-file-ignores, severity, exclude); ignored",
    "/repo/pyproject.toml: [tool.ssl-lens] has an unknown key 'colour' (known keys: target-version, select, ignore, per-file-ignores, severity, exclude); ignored",
    '/repo/pyproject.toml: [tool.ssl-lens] per-file-ignores "tests/**": must be a list of rule codes, such as ["SSL201"], not the string "SSL201"; ignored',
    '/repo/pyproject.toml: [tool.ssl-lens] severity.SSL201: must be one of "error", "warning", "information", "hint", not the string "fatal"; ignored',
    '/repo/pyproject.toml: [tool.ssl-lens] severity.SSL103: must be one of "error", "warning", "information", "hint", not the string "off" (to turn a rule off, list it in ignore); ignored',
    "/repo/pyproject.toml: [tool.ssl-lens] severity.SSL1O1: unknown rule code 'SSL1O1' (did you mean 'SSL101'?); ignored",
  ]);
  assert.equal(config.targetVersion, undefined);
  assert.equal(config.select, undefined);
  assert.deepEqual(config.ignore, []);
  assert.deepEqual(config.perFileIgnores, [{ pattern: 'docs/**', codes: ['SSL202'] }]);
  assert.deepEqual(config.severity, { SSL202: 'warning' });
});

test('unknown codes in a list are named; the known ones still count', () => {
  const { config, warnings } = resolveProjectConfig({ ignore: ['SSL103', 'SSL999', 'E501'], 'target-version': 'banana' }, FILE);
  assert.deepEqual(config.ignore, ['SSL103']);
  assert.deepEqual(warnings, [
    "/repo/pyproject.toml: [tool.ssl-lens] ignore: unknown rule code 'SSL999'; ignored",
    "/repo/pyproject.toml: [tool.ssl-lens] ignore: unknown rule code 'E501'; ignored",
    "/repo/pyproject.toml: [tool.ssl-lens] target-version: 'banana' is not a PEP 440 specifier that matches any known Python release; ignored",
  ]);
});

test('a [tool.ssl-lens] that is not a table is reported, not a crash', () => {
  assert.deepEqual(resolveProjectConfig('SSL101', FILE).warnings, ['/repo/pyproject.toml: [tool.ssl-lens] must be a table, not the string "SSL101"; ignored']);
  assert.deepEqual(resolveProjectConfig([1], FILE).warnings, ['/repo/pyproject.toml: [tool.ssl-lens] must be a table, not a list of numbers; ignored']);
});

const SCHEMA = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'ssl-lens.schema.json'), 'utf8'));

function schemaAccepts(value: unknown): boolean {
  const validate = new Ajv({ allErrors: true }).compile(SCHEMA);
  return validate(value) as boolean;
}

test('every key the table accepts is in the JSON Schema, and nothing else', () => {
  assert.deepEqual(Object.keys(SCHEMA.properties).sort(), [...PROJECT_KEYS].sort());
  assert.equal(SCHEMA.additionalProperties, false);
});

test('the JSON Schema accepts what the checker accepts and rejects what it warns about', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const example = /## Configuration\n[\s\S]*?```toml\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(example, 'the README has a [tool.ssl-lens] example');
  const fromReadme = table(example);
  assert.deepEqual(resolveProjectConfig(fromReadme, FILE).warnings, []);
  assert.ok(schemaAccepts(fromReadme));
  assert.ok(schemaAccepts({ select: ['ALL'], ignore: ['S501', 'b323', 'SSL5'], 'per-file-ignores': { '!src/**': ['SSL501'] } }));
  for (const bad of [
    { colour: true },
    { select: 'SSL101' },
    { select: ['E501'] },
    { severity: { SSL101: 'fatal' } },
    { severity: { SSL101: 'off' } },
    { 'target-version': 38 },
    { 'per-file-ignores': { 'tests/**': 'SSL201' } },
    { exclude: [3] },
  ]) {
    assert.ok(!schemaAccepts(bad), JSON.stringify(bad));
    assert.notDeepEqual(resolveProjectConfig(bad, FILE).warnings, [], JSON.stringify(bad));
  }
  // Every rule code and every peer code matches the schema's pattern for codes.
  const pattern = new RegExp(SCHEMA.definitions.selector.pattern);
  for (const r of RULES) for (const code of [r.code, ...r.aliases.bandit, ...r.aliases.ruff]) assert.match(code, pattern);
});

// ---- globs ----------------------------------------------------------------------------------------

test('globs: a bare name matches at any depth, a path matches from the project folder, folders take their contents', () => {
  assert.ok(matchesGlob('build/gen.py', 'build'));
  assert.ok(matchesGlob('pkg/build/gen.py', 'build'));
  assert.ok(matchesGlob('pkg/api_pb2.py', '*_pb2.py'));
  assert.ok(matchesGlob('src/generated/a/b.py', 'src/generated'));
  assert.ok(matchesGlob('src/generated/a/b.py', 'src/generated/**'));
  assert.ok(matchesGlob('tests/test_x.py', 'tests/*.py'));
  assert.ok(matchesGlob('tests/test_x.py', './tests/**'));
  assert.ok(!matchesGlob('pkg/tests/test_x.py', 'tests/*.py'));
  assert.ok(matchesGlob('pkg/tests/test_x.py', '**/tests/*.py'));
  assert.ok(!matchesGlob('src/app.py', 'build'));
  assert.ok(!matchesGlob('rebuild/x.py', 'build'));
});

test('per-file-ignores and exclude are relative to the pyproject.toml folder; ! negates', () => {
  const { config } = resolveProjectConfig({ exclude: ['vendor'], 'per-file-ignores': { 'tests/**': ['SSL201'], '!src/**': ['SSL503'] } }, FILE);
  assert.deepEqual(perFileIgnoresFor(config, '/repo/tests/test_a.py').map((p) => p.pattern), ['tests/**', '!src/**']);
  assert.deepEqual(perFileIgnoresFor(config, '/repo/src/app.py').map((p) => p.pattern), []);
  assert.deepEqual(perFileIgnoresFor(config, '/elsewhere/tests/test_a.py'), []);
  assert.equal(isExcludedByProject(config, '/repo/vendor/lib.py'), 'vendor');
  assert.equal(isExcludedByProject(config, '/repo/src/vendor'), 'vendor');
  assert.equal(isExcludedByProject(config, '/repo/src/app.py'), undefined);
  assert.equal(isExcludedByProject(config, '/other/vendor/lib.py'), undefined);
  const windows = resolveProjectConfig({ exclude: ['vendor'] }, 'C:\\work\\repo\\pyproject.toml').config;
  assert.equal(isExcludedByProject(windows, 'C:\\work\\repo\\vendor\\x.py'), 'vendor');
});

// ---- precedence ----------------------------------------------------------------------------------

test('precedence: editorFirst lets a setting override the table, filesystemFirst the reverse, editorOnly ignores the table', () => {
  const { config } = resolveProjectConfig(
    { select: ['SSL1', 'SSL2'], ignore: ['SSL103'], severity: { SSL201: 'hint', SSL202: 'information' }, 'per-file-ignores': { 'tests/**': ['SSL202'] } },
    FILE,
  );
  const editor = { SSL103: 'warning', SSL201: 'error', SSL101: 'off', SSL301: 'hint' };

  const editorFirst = editorRuleStates('editorFirst', editor, config, '/repo/src/app.py');
  assert.deepEqual(enabled(editorFirst), ['SSL102', 'SSL103', 'SSL201', 'SSL202', 'SSL203', 'SSL301']);
  assert.equal(editorFirst.get('SSL201')!.severity, 'error');
  assert.equal(editorFirst.get('SSL201')!.severityBy, 'the sslLens.rules setting');
  assert.equal(editorFirst.get('SSL202')!.severity, 'information');
  assert.equal(editorFirst.get('SSL202')!.severityBy, 'severity in [tool.ssl-lens] (/repo/pyproject.toml)');
  assert.equal(editorFirst.get('SSL101')!.enabledBy, 'the sslLens.rules setting');
  assert.equal(editorFirst.get('SSL401')!.enabledBy, 'select in [tool.ssl-lens] (/repo/pyproject.toml)');

  const filesystemFirst = editorRuleStates('filesystemFirst', editor, config, '/repo/src/app.py');
  assert.deepEqual(enabled(filesystemFirst), ['SSL101', 'SSL102', 'SSL201', 'SSL202', 'SSL203']);
  assert.equal(filesystemFirst.get('SSL201')!.severity, 'hint');
  assert.equal(filesystemFirst.get('SSL103')!.enabledBy, 'ignore in [tool.ssl-lens] (/repo/pyproject.toml)');

  const editorOnly = editorRuleStates('editorOnly', editor, config, '/repo/tests/test_app.py');
  assert.deepEqual(enabled(editorOnly), RULES.map((r) => r.code).filter((c) => c !== 'SSL101'));
  assert.equal(editorOnly.get('SSL201')!.severity, 'error');
  assert.equal(editorOnly.get('SSL202')!.severity, 'error');

  // Per-file ignores act like a `# noqa` comment in the matching files, whichever source enabled the rule.
  const inTests = editorRuleStates('editorFirst', { SSL202: 'warning' }, config, '/repo/tests/test_app.py');
  assert.equal(inTests.get('SSL202')!.enabled, false);
  assert.equal(inTests.get('SSL202')!.enabledBy, 'per-file-ignores "tests/**" in [tool.ssl-lens] (/repo/pyproject.toml)');
});

test('without a table, the editor settings alone decide, as before', () => {
  const states = editorRuleStates('editorFirst', { SSL101: 'off', SSL201: 'warning' }, undefined, '/repo/app.py');
  assert.equal(states.get('SSL101')!.enabled, false);
  assert.equal(states.get('SSL201')!.severity, 'warning');
  assert.equal(states.get('SSL202')!.severity, 'error');
  assert.equal(states.get('SSL202')!.severityBy, 'default');
});

test('layers: the command line over the table (select replaces, ignore adds)', () => {
  const { config } = resolveProjectConfig({ select: ['SSL2'], ignore: ['SSL203'] }, FILE);
  const cli = (select?: string[], ignore: string[] = []) => ({
    select: select ? new Set(select) : undefined,
    ignore: new Set(ignore),
    sources: { select: '--select', ignore: '--ignore' },
  });
  assert.deepEqual(enabled(resolveRules([cli(), projectLayer(config)])), ['SSL201', 'SSL202']);
  assert.deepEqual(enabled(resolveRules([cli(['SSL101', 'SSL203']), projectLayer(config)])), ['SSL101', 'SSL203']);
  assert.deepEqual(enabled(resolveRules([cli(undefined, ['SSL201']), projectLayer(config)])), ['SSL202']);
  assert.deepEqual(enabled(resolveRules([editorLayer({ S502: 'off' })])).includes('SSL101'), false);
});

// ---- discovery ---------------------------------------------------------------------------------

function memoryFs(files: Record<string, string>): ConfigFileSystem & { files: Record<string, string> } {
  return { files, readText: (p) => files[p], dirname: posix.dirname, join: posix.join };
}

test('discovery: the nearest table applies, its problems are reported once, invalidate() re-reads', () => {
  const fs = memoryFs({
    '/repo/pyproject.toml': '[project]\nrequires-python = ">=3.7"\n[tool.ssl-lens]\nignore = ["SSL103", "SSL999"]\ntarget-version = "banana"\n',
    '/repo/sub/pyproject.toml': '[project]\nname = "sub"\n',
  });
  const warnings: string[] = [];
  const d = new TargetDiscovery(fs, (w) => warnings.push(w));
  assert.deepEqual(d.projectFor('/repo/sub/pkg/app.py')?.ignore, ['SSL103']);
  assert.equal(d.projectFor('/repo/sub/pkg/app.py')?.file, '/repo/pyproject.toml');
  // The broken target-version is skipped, so requires-python in the same file applies.
  assert.equal(d.targetFor('/repo/app.py').source, 'requires-python in pyproject.toml');
  assert.equal(d.targetFor('/repo/other.py').specifier, '>=3.7');
  assert.deepEqual(warnings, [
    "/repo/pyproject.toml: [tool.ssl-lens] ignore: unknown rule code 'SSL999'; ignored",
    "/repo/pyproject.toml: [tool.ssl-lens] target-version: 'banana' is not a PEP 440 specifier that matches any known Python release; ignored",
  ]);

  fs.files['/repo/pyproject.toml'] = '[tool.ssl-lens]\nignore = ["SSL201"]\ntarget-version = ">=3.9"\n';
  assert.deepEqual(d.projectFor('/repo/app.py')?.ignore, ['SSL103'], 'cached until invalidated');
  d.invalidate();
  assert.deepEqual(d.projectFor('/repo/app.py')?.ignore, ['SSL201']);
  assert.equal(d.targetFor('/repo/app.py').source, '[tool.ssl-lens] target-version in pyproject.toml');
  // editorOnly: the table's target-version does not count, the rest of discovery does.
  assert.equal(d.findTarget('/repo/app.py', { toolTable: false }), undefined);
  assert.equal(warnings.length, 2);
});

test('discovery: bad TOML is one warning and no table; a table that is not a table is reported', () => {
  const warnings: string[] = [];
  const d = new TargetDiscovery(
    memoryFs({ '/a/pyproject.toml': '[tool.ssl-lens\nselect = [', '/b/pyproject.toml': '[tool]\nssl-lens = "SSL101"\n' }),
    (w) => warnings.push(w),
  );
  assert.equal(d.projectFor('/a/x.py'), undefined);
  assert.equal(d.projectFor('/a/y.py'), undefined);
  assert.equal(d.targetFor('/a/x.py').source, d.targetFor('/nowhere/x.py').source);
  assert.deepEqual(d.projectFor('/b/x.py')?.ignore, []);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /^\/a\/pyproject\.toml: not valid TOML \(.+\); its settings are ignored$/);
  assert.equal(warnings[1], '/b/pyproject.toml: [tool.ssl-lens] must be a table, not the string "SSL101"; ignored');
});

// ---- the command line reads the same table ----------------------------------------------------

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssl-lens-config-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const VERIFY_OFF = 'import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\n';

test('command line: [tool.ssl-lens] ignore, severity, per-file-ignores and exclude', () => {
  const dir = project({
    'pyproject.toml': '[tool.ssl-lens]\nignore = ["SSL202"]\nexclude = ["generated"]\n[tool.ssl-lens.severity]\nSSL201 = "warning"\n[tool.ssl-lens.per-file-ignores]\n"tests/**" = ["SSL201"]\n',
    'src/app.py': VERIFY_OFF,
    'tests/test_app.py': VERIFY_OFF,
    'src/generated/client.py': VERIFY_OFF,
  });
  const r = run(['check', '--format', 'json', '.'], dir);
  assert.equal(r.err, '');
  assert.deepEqual(
    JSON.parse(r.out).map((f: any) => `${f.file} ${f.code} ${f.severity}`),
    ['src/app.py SSL201 warning'],
  );
  // Options on the command line come first: --select replaces the table's selection, --ignore adds to it.
  const selected = JSON.parse(run(['check', '--format', 'json', '--select', 'SSL202', '.'], dir).out);
  assert.deepEqual(selected.map((f: any) => `${f.file} ${f.code}`), ['src/app.py SSL202', 'tests/test_app.py SSL202']);
  // --isolated ignores the table.
  const isolated = JSON.parse(run(['check', '--format', 'json', '--isolated', '.'], dir).out);
  assert.equal(isolated.length, 6);
  // An explicitly named file is checked even when excluded, unless --force-exclude (as pre-commit passes it).
  assert.equal(JSON.parse(run(['check', '--format', 'json', 'src/generated/client.py'], dir).out).length, 1);
  assert.deepEqual(JSON.parse(run(['check', '--format', 'json', '--force-exclude', 'src/generated/client.py'], dir).out), []);
});

test('command line: a broken table warns on standard error, naming the key and the file, and the run goes on', () => {
  const dir = project({
    'pyproject.toml': '[tool.ssl-lens]\nignore = ["SSL202", "SSL999"]\nseverity = "high"\nfrobnicate = 1\n',
    'app.py': VERIFY_OFF,
  });
  const r = run(['check', '--format', 'concise', '.'], dir);
  assert.equal(r.code, 1);
  assert.equal(
    r.err,
    [
      "ssl-lens: pyproject.toml: [tool.ssl-lens] ignore: unknown rule code 'SSL999'; ignored",
      'ssl-lens: pyproject.toml: [tool.ssl-lens] severity: must be a table of codes to severities, such as { SSL103 = "error" }, not the string "high"; ignored',
      "ssl-lens: pyproject.toml: [tool.ssl-lens] has an unknown key 'frobnicate' (known keys: target-version, select, ignore, per-file-ignores, severity, exclude); ignored",
      '',
    ].join('\n'),
  );
  assert.match(r.out, /^app\.py:4:19: SSL201 /m);
  assert.doesNotMatch(r.out, /SSL202/);

  const broken = project({ 'pyproject.toml': '[tool.ssl-lens\nignore = [', 'app.py': VERIFY_OFF });
  const b = run(['check', '--format', 'concise', '.'], broken);
  assert.equal(b.code, 1);
  assert.match(b.err, /^ssl-lens: pyproject\.toml: not valid TOML \(.+\); its settings are ignored\n$/);
  assert.match(b.out, /SSL201/);
});

// ---- the editor re-reads pyproject.toml without a restart --------------------------------------

const brief = (ds: any[]) => ds.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.severity}`);

test('LSP: [tool.ssl-lens] applies, and a change to pyproject.toml re-analyses open files', async () => {
  await parserReady;
  const dir = project({ 'pyproject.toml': '[tool.ssl-lens]\nignore = ["SSL202"]\n', 'pkg/app.py': VERIFY_OFF, 'other/pyproject.toml': '[project]\nname = "other"\n' });
  const rootUri = pathToFileURL(dir).href;
  const client = await LspClient.start({ rootUri });
  try {
    const uri = pathToFileURL(join(dir, 'pkg', 'app.py')).href;
    client.open(uri, VERIFY_OFF);
    assert.deepEqual(brief(await client.waitForDiagnostics(uri)), ['3:18 SSL201 1']);

    writeFileSync(join(dir, 'pyproject.toml'), '[tool.ssl-lens]\nignore = ["SSL201"]\nunknown-key = 1\n[tool.ssl-lens.severity]\nSSL202 = "hint"\n');
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 'pyproject.toml')).href, type: 2 }] });
    assert.deepEqual(brief(await client.waitForDiagnostics(uri, (d) => d.diagnostics.some((x: any) => x.code === 'SSL202'))), ['2:21 SSL202 4']);
    await waitFor(() => client.logs.some((l) => l.includes("[tool.ssl-lens] has an unknown key 'unknown-key'") && l.includes(join(dir, 'pyproject.toml'))));

    // A broken file is reported in the log and the editor carries on without the table.
    writeFileSync(join(dir, 'pyproject.toml'), '[tool.ssl-lens\n');
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 'pyproject.toml')).href, type: 2 }] });
    assert.deepEqual(brief(await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 2)), ['2:21 SSL202 1', '3:18 SSL201 1']);
    await waitFor(() => client.logs.some((l) => l.includes('not valid TOML')));
  } finally {
    await client.stop();
  }
});

test('LSP: sslLens.configurationPreference decides between the settings and the table', async () => {
  await parserReady;
  const dir = project({
    'pyproject.toml': '[tool.ssl-lens]\nignore = ["SSL202"]\nexclude = ["vendor"]\ntarget-version = ">=3.6"\n[tool.ssl-lens.severity]\nSSL201 = "hint"\n',
    'app.py': VERIFY_OFF,
  });
  const client = await LspClient.start({ rootUri: pathToFileURL(dir).href, settings: { rules: { SSL202: 'warning', SSL201: 'error' }, pythonVersion: '3.12' } });
  try {
    const uri = pathToFileURL(join(dir, 'app.py')).href;
    const floor = 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLS)\n';
    const floorUri = pathToFileURL(join(dir, 'floor.py')).href;
    const vendored = pathToFileURL(join(dir, 'vendor', 'lib.py')).href;
    client.open(uri, VERIFY_OFF);
    client.open(floorUri, floor);
    client.open(vendored, VERIFY_OFF);
    // editorFirst (the default): the settings win where both speak, the pythonVersion setting (3.12) included,
    // so a context without a floor is fine there.
    assert.deepEqual(brief(await client.waitForDiagnostics(uri)), ['2:21 SSL202 2', '3:18 SSL201 1']);
    assert.ok(!brief(await client.waitForDiagnostics(floorUri)).some((d) => d.includes('SSL103')));
    assert.deepEqual(await client.waitForDiagnostics(vendored), []);

    client.settings = { rules: { SSL202: 'warning', SSL201: 'error' }, configurationPreference: 'filesystemFirst', pythonVersion: '3.12' };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(brief(await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 1)), ['3:18 SSL201 4']);
    // filesystemFirst: the table's target-version (3.6, whose default floor admits TLS 1.0) beats the setting.
    await client.waitForDiagnostics(floorUri, (d) => d.diagnostics.some((x: any) => x.code === 'SSL103'));

    client.settings = { rules: { SSL201: 'error' }, configurationPreference: 'editorOnly', pythonVersion: '3.12' };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(brief(await client.waitForDiagnostics(uri, (d) => d.diagnostics.length === 2)), ['2:21 SSL202 1', '3:18 SSL201 1']);
    await client.waitForDiagnostics(floorUri, (d) => !d.diagnostics.some((x: any) => x.code === 'SSL103'));
    assert.equal((await client.waitForDiagnostics(vendored, (d) => d.diagnostics.length > 0)).length, 2);
  } finally {
    await client.stop();
  }
});

async function waitFor(condition: () => boolean, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
