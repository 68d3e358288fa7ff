import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render, charWidth, formatText } from '../src/report/text';
import { check } from './helpers';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const ESC = '\u001b[';

function run(args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  const base: Record<string, string | undefined> = { ...process.env };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...base, ...env } as NodeJS.ProcessEnv });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssl-lens-polish-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const INSECURE = 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\nssl._create_unverified_context()\n';

test('--help lists every option the command line accepts, and exits 0', () => {
  const help = run(['--help'], ROOT);
  assert.equal(help.code, 0);
  const source = readFileSync(join(ROOT, 'server', 'src', 'cli.ts'), 'utf8');
  const accepted = [...source.matchAll(/case '(--[a-z-]+)'/g)].map((m) => m[1]);
  for (const option of ['--statistics', '--output-file', '--quiet', '--exit-zero', '--show-settings', '--format', '--isolated', '--force-exclude']) {
    assert.ok(accepted.includes(option), `${option} is accepted`);
  }
  for (const option of accepted) assert.match(help.out, new RegExp(`^  ${option}\\b`, 'm'), `${option} is in --help`);
  assert.match(help.out, /NO_COLOR/);
  assert.match(help.out, /\[tool\.ssl-lens\]/);
  const checkHelp = run(['check', '--help'], ROOT);
  assert.equal(checkHelp.code, 0);
  assert.equal(checkHelp.out, help.out);
  assert.equal(checkHelp.err, '');
});

test('the text format shows the source line with the range underlined; concise keeps one line', () => {
  const dir = project({ 'app.py': INSECURE });
  const r = run(['check', '.'], dir);
  assert.equal(r.code, 1);
  assert.equal(
    r.out,
    [
      'app.py:2:22: SSL101 ssl.PROTOCOL_TLSv1 selects TLS 1.0; TLS 1.0 is deprecated by RFC 8996 (BEAST, CVE-2011-3389; no AEAD suites).',
      '  |',
      '2 | ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)',
      '  |                      ^^^^^^^^^^^^^^^^^^ SSL101',
      '  |',
      '  = help: Use ssl.PROTOCOL_TLS_CLIENT (changes behaviour: also turns on certificate and host name verification)',
      '',
      'app.py:3:1: SSL201 ssl._create_unverified_context() returns a context that accepts any certificate (CERT_NONE) for any host name.',
      '  |',
      '3 | ssl._create_unverified_context()',
      '  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SSL201',
      '  |',
      '  = help: Use ssl.create_default_context() (changes behaviour: certificates and host names are verified)',
      '',
      'Found 2 problems.',
      '',
    ].join('\n'),
  );
  const concise = run(['check', '--format', 'concise', '.'], dir);
  assert.equal(concise.out.split('\n').length, 4);
  assert.match(concise.out, /^app\.py:2:22: SSL101 /);
});

test('underlines line up under tabs, wide characters, combining marks and emoji; control characters are made visible', async () => {
  assert.equal(charWidth('a'.codePointAt(0)!), 1);
  assert.equal(charWidth('中'.codePointAt(0)!), 2);
  assert.equal(charWidth('😀'.codePointAt(0)!), 2);
  assert.equal(charWidth(0x0301), 0);
  const line = '\tx = "中é\u0301😀"\u202e; y';
  const r = render(line);
  assert.equal(r.text, '    x = "中é\u0301😀"\ufffd; y');
  // Cells: 4 (tab) + 'x = "' 5 + 中 2 + é 1 + combining 0 + 😀 2 + '"' 1 + U+FFFD 1 + ';' ...
  assert.equal(r.cellAt(line.indexOf('中')), 9);
  assert.equal(r.cellAt(line.indexOf('😀')), 12);
  assert.equal(r.cellAt(line.indexOf(';')), 16);
  assert.equal(r.cellAt(line.length), 19);
  assert.equal(render('ab\tc').text, 'ab  c');

  const text = 'import ssl\nif True:\n\tx = "中文😀"; ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n';
  const out = formatText([{ path: 'a.py', text, findings: await check(text) }]);
  const lines = out.split('\n');
  const source = lines.findIndex((l) => l.startsWith('3 |'));
  assert.equal(lines[source], '3 |     x = "中文😀"; ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)');
  // The carets start under "ssl.PROTOCOL_TLSv1" in terminal cells: 4 (tab) + 20 ASCII + 6 for the wide characters.
  assert.equal(lines[source + 1], `  | ${' '.repeat(4 + 'x = "'.length + 6 + '"; ctx = ssl.SSLContext('.length)}${'^'.repeat(18)} SSL101`);
});

test('a range over several lines underlines each line; long ones are elided in the middle', async () => {
  const text = 'import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = (\n    False\n)\n';
  const out = formatText([{ path: 'a.py', text, findings: await check(text) }]);
  assert.match(out, /^4 \|     False\n {2}\| {5}\^{5} SSL202$/m);

  const findings = [
    { code: 'SSL101', name: 'insecure-protocol', severity: 'error' as const, message: 'm', range: { start: { line: 1, character: 4 }, end: { line: 8, character: 5 } } },
  ];
  const long = Array.from({ length: 10 }, (_, i) => `line_${i} = ${i}`).join('\n') + '\n';
  const elided = formatText([{ path: 'b.py', text: long, findings }], { quiet: true });
  assert.equal(
    elided,
    [
      'b.py:2:5: SSL101 m',
      '  |',
      '2 | line_1 = 1',
      '  |     ^^^^^^',
      '3 | line_2 = 2',
      '  | ^^^^^^^^^^',
      '  | ...',
      '8 | line_7 = 7',
      '  | ^^^^^^^^^^',
      '9 | line_8 = 8',
      '  | ^^^^^ SSL101',
      '  |',
      '',
    ].join('\n'),
  );
});

test('--statistics counts findings per code, as text and as JSON; --quiet drops the summary line', () => {
  const dir = project({ 'a.py': INSECURE, 'b.py': 'import ssl\nssl._create_unverified_context()\nssl._create_unverified_context()\n' });
  const text = run(['check', '--statistics', '.'], dir);
  assert.equal(text.code, 1);
  assert.equal(text.out, '3  SSL201  certificate-verification-disabled\n1  SSL101  insecure-protocol\nFound 4 problems.\n');
  const json = run(['check', '--statistics', '--format', 'json', '.'], dir);
  assert.deepEqual(JSON.parse(json.out), [
    { code: 'SSL201', name: 'certificate-verification-disabled', count: 3 },
    { code: 'SSL101', name: 'insecure-protocol', count: 1 },
  ]);
  assert.equal(run(['check', '--statistics', '--quiet', '.'], dir).out, '3  SSL201  certificate-verification-disabled\n1  SSL101  insecure-protocol\n');
  const quiet = run(['check', '-q', '--format', 'concise', '.'], dir);
  assert.equal(quiet.out.split('\n').filter(Boolean).length, 4);
  assert.doesNotMatch(quiet.out, /Found/);
  assert.equal(run(['check', '--quiet', '.'], project({ 'ok.py': 'import ssl\n' })).out, '');
  assert.equal(run(['check', '--statistics', '--format', 'sarif', '.'], dir).code, 2);
});

test('--exit-zero and --output-file: the report goes to the file, without colour, and the status is 0', () => {
  const dir = project({ 'app.py': INSECURE });
  const r = run(['check', '--exit-zero', '--output-file', 'report.txt', '.'], dir, { FORCE_COLOR: '1' });
  assert.equal(r.code, 0);
  assert.equal(r.out, '');
  const report = readFileSync(join(dir, 'report.txt'), 'utf8');
  assert.match(report, /^app\.py:2:22: SSL101 /);
  assert.ok(!report.includes(ESC));
  assert.match(report, /Found 2 problems\.\n$/);
});

test('colour only on a terminal; NO_COLOR turns it off, FORCE_COLOR on', () => {
  const dir = project({ 'app.py': INSECURE });
  assert.ok(!run(['check', '.'], dir).out.includes(ESC), 'a pipe gets no colour');
  assert.ok(run(['check', '.'], dir, { FORCE_COLOR: '1' }).out.includes(`${ESC}31;1mSSL101`));
  assert.ok(!run(['check', '.'], dir, { FORCE_COLOR: '0' }).out.includes(ESC));
  assert.ok(!run(['check', '.'], dir, { NO_COLOR: '1' }).out.includes(ESC));
  // On a real terminal (util-linux `script` gives the process one), colour is on unless NO_COLOR is set.
  const tty = (env: Record<string, string>) =>
    spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} check --format concise .`, '/dev/null'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', TERM: 'xterm', ...env },
    });
  const probe = tty({});
  if (probe.error || probe.status === null) return;
  assert.ok(probe.stdout.includes(ESC), probe.stdout);
  assert.ok(!tty({ NO_COLOR: '1' }).stdout.includes(ESC));
});

test('--show-settings: the configuration, target, exclusions and each rule with where it came from', () => {
  const dir = project({
    'pyproject.toml': '[project]\nrequires-python = ">=3.8"\n[tool.ssl-lens]\nignore = ["SSL103"]\nexclude = ["build"]\n[tool.ssl-lens.severity]\nSSL203 = "error"\n[tool.ssl-lens.per-file-ignores]\n"tests/**" = ["SSL201"]\n',
    'tests/test_a.py': INSECURE,
    'build/gen.py': INSECURE,
  });
  const r = run(['check', '--show-settings', '--ignore', 'SSL504', 'tests/test_a.py'], dir);
  assert.equal(r.code, 0);
  const lines = r.out.split('\n');
  assert.deepEqual(lines.slice(0, 6), [
    'Settings for tests/test_a.py',
    '  configuration:    [tool.ssl-lens] in pyproject.toml',
    '  target:           Python 3.8–3.14 (>=3.8 from requires-python in pyproject.toml)',
    '  excluded:         no',
    '  exclude:          build  (exclude in [tool.ssl-lens] (pyproject.toml))',
    '  per-file-ignores: "tests/**" = SSL201  (applies here)',
  ]);
  const rule = (code: string) => lines.find((l) => l.startsWith(`    ${code} `))!.replace(/ +/g, ' ').trim();
  assert.equal(rule('SSL101'), 'SSL101 insecure-protocol error default');
  assert.equal(rule('SSL103'), 'SSL103 protocol-without-floor off ignore in [tool.ssl-lens] (pyproject.toml)');
  assert.equal(rule('SSL201'), 'SSL201 certificate-verification-disabled off per-file-ignores "tests/**" in [tool.ssl-lens] (pyproject.toml)');
  assert.equal(rule('SSL203'), 'SSL203 client-unverified-by-default error severity in [tool.ssl-lens] (pyproject.toml)');
  assert.equal(rule('SSL504'), 'SSL504 platform-only-api off --ignore');

  const json = JSON.parse(run(['check', '--show-settings', '--format', 'json', '--target', '3.12', 'build/gen.py'], dir).out);
  assert.equal(json.excluded, '"build" (exclude in [tool.ssl-lens] (pyproject.toml))');
  assert.deepEqual(json.target, { versions: '3.12–3.14', specifier: '3.12', source: '--target' });
  assert.equal(json.configuration, 'pyproject.toml');
  const isolated = JSON.parse(run(['check', '--show-settings', '--format', 'json', '--isolated', '.'], dir).out);
  assert.equal(isolated.path, '.');
  assert.equal(isolated.configuration, null);
  assert.equal(isolated.target.source, 'requires-python in pyproject.toml');
  assert.ok(isolated.rules.every((x: any) => x.enabled && x.enabledBy === 'default'));
});
