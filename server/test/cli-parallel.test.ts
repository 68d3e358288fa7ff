import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { main, type CheckHost } from '../src/cli';
import { tempProject } from './helpers';
import { RULES_WITH_A_FAILING_ONE, startFailingRuleWorker } from './failing-rule-worker';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const RULE_FIXTURES = join(__dirname, 'fixtures', 'rules');
const INSECURE = 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\nssl._create_unverified_context()\n';

test('on two threads the report, its order, the messages and the exit status are those of one thread, in every format', () => {
  const dir = tree();
  try {
    for (const format of [['--format', 'json'], ['--format', 'text'], ['--format', 'sarif', '--exit-zero'], ['--statistics', '--quiet']]) {
      const serial = run(['check', '-j', '1', ...format, '.'], dir);
      assert.deepEqual(run(['check', '-j', '2', ...format, '.'], dir), serial, format.join(' '));
    }
    // The default (one thread per core) and --jobs=N agree too.
    const serial = run(['check', '--jobs', '1', '--format', 'concise', '.'], dir);
    assert.deepEqual(run(['check', '--jobs=3', '--format', 'concise', '.'], dir), serial);
    assert.deepEqual(run(['check', '--format', 'concise', '.'], dir), serial);

    // What they agree on is this tree's report: the large file first, each file's findings together.
    assert.equal(serial.code, 1);
    const files = serial.out.split('\n').filter((l) => /^\S+\.py:/.test(l)).map((l) => l.slice(0, l.indexOf(':')));
    assert.equal(files[0], 'pkg/aaa_large.py');
    assert.deepEqual([...new Set(files)], [...new Set(files)].sort());
    assert.ok(files.includes('pkg/m_broken/app.py') && files.includes('pkg/weak-cipher-suites.py'), files.join(', '));
    assert.match(serial.out, /^pkg\/aaa_large\.py:2:22: SSL101 ssl\.PROTOCOL_TLSv1 selects TLS 1\.0/m);
    // The broken configuration is found while walking the tree, before any file is read.
    assert.deepEqual(serial.err.split('\n').filter(Boolean).map(brief), [MESSAGES.broken, MESSAGES.invalid, MESSAGES.nul]);

    // Files named one by one (as pre-commit does) are not walked: the configuration's message then
    // comes while the files are read, and waits for the analyses of the files before it.
    const named = files.filter((f, i) => files.indexOf(f) === i).concat('pkg/invalid_utf8.py', 'pkg/nul_bytes.py').sort();
    const namedSerial = run(['check', '-j', '1', '--format', 'concise', ...named], dir);
    assert.deepEqual(run(['check', '-j', '2', '--format', 'concise', ...named], dir), namedSerial);
    assert.deepEqual(namedSerial.err.split('\n').filter(Boolean).map(brief), [MESSAGES.invalid, MESSAGES.broken, MESSAGES.nul]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('-j 1 and -j 2 agree on one file, on a clean tree and on nothing to analyse', () => {
  const dir = tempProject({ 'app.py': INSECURE, 'ok.py': 'import ssl\nctx = ssl.create_default_context()\n', 'plain.py': 'print(1)\n' });
  try {
    for (const paths of [['app.py'], ['ok.py'], ['plain.py'], ['.']]) {
      const serial = run(['check', '-j', '1', ...paths], dir);
      assert.deepEqual(run(['check', '-j', '2', ...paths], dir), serial, paths.join(' '));
    }
    assert.equal(run(['check', '-j', '2', 'ok.py'], dir).out, 'No problems found.\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--fix and --diff with --jobs 2 change and print what they do with one thread', () => {
  const serialDir = tree();
  const parallelDir = tree();
  try {
    const diffSerial = run(['check', '-j', '1', '--diff', '--unsafe-fixes', '.'], serialDir);
    assert.match(diffSerial.out, /^\+\+\+ b\/pkg\/m_broken\/app\.py$/m);
    assert.deepEqual(run(['check', '-j', '2', '--diff', '--unsafe-fixes', '.'], parallelDir), diffSerial);
    const fixSerial = run(['check', '-j', '1', '--fix', '--unsafe-fixes', '--format', 'concise', '.'], serialDir);
    assert.match(fixSerial.err, /ssl-lens: applied \d+ fixes\n$/);
    assert.deepEqual(run(['check', '-j', '2', '--fix', '--unsafe-fixes', '--format', 'concise', '.'], parallelDir), fixSerial);
    const fixed = (dir: string) => readdirSync(join(dir, 'pkg'), { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.py')).map((n) => [n, readFileSync(join(dir, 'pkg', n), 'latin1')]);
    assert.deepEqual(fixed(parallelDir), fixed(serialDir));
    assert.match(readFileSync(join(serialDir, 'pkg/m_broken/app.py'), 'utf8'), /PROTOCOL_TLS_CLIENT\)/);
  } finally {
    rmSync(serialDir, { recursive: true, force: true });
    rmSync(parallelDir, { recursive: true, force: true });
  }
});

test('--jobs takes a number of threads, 1 or more', () => {
  const dir = tempProject({ 'app.py': INSECURE });
  try {
    for (const [args, message] of [
      [['-j', '0'], "-j takes a number of threads, 1 or more, not '0'"],
      [['--jobs', 'many'], "--jobs takes a number of threads, 1 or more, not 'many'"],
      [['--jobs=1.5'], "--jobs takes a number of threads, 1 or more, not '1.5'"],
    ] as const) {
      const r = run(['check', ...args, '.'], dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.err, `ssl-lens: ${message}\nRun 'ssl-lens --help' for usage.\n`);
    }
    assert.equal(run(['check', '.', '-j'], dir).code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a rule that throws on some files is reported in file order, the same on workers as in one thread', async () => {
  const dir = tree();
  try {
    let started = 0;
    const host: CheckHost = {
      rules: RULES_WITH_A_FAILING_ONE,
      startWorker: () => {
        started++;
        return startFailingRuleWorker();
      },
    };
    const serial = await runHere(['check', '-j', '1', '--format', 'concise', '.'], dir, host);
    assert.equal(started, 0);
    const parallel = await runHere(['check', '-j', '2', '--format', 'concise', '.'], dir, host);
    assert.equal(started, 2);
    assert.deepEqual(parallel, serial);
    assert.equal(serial.code, 1);
    const failures = serial.err.split('\n').filter((l) => l.includes('SSL998'));
    assert.deepEqual(failures, [
      'ssl-lens: pkg/fails_a.py: rule SSL998 failed: Error: this rule fails on marked modules',
      'ssl-lens: pkg/fails_b.py: rule SSL998 failed: Error: this rule fails on marked modules',
    ]);
    // The other rules still report on those files.
    assert.match(serial.out, /^pkg\/fails_a\.py:2:22: SSL101 /m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('workers that die hand their files back to the main thread, which reports them as one thread would', async () => {
  const dir = tree();
  try {
    const serial = await runHere(['check', '-j', '1', '--format', 'json', '.'], dir, {});
    const dying = await runHere(['check', '-j', '2', '--format', 'json', '.'], dir, {
      startWorker: () => new Worker('throw new Error("this worker cannot start")', { eval: true }),
    });
    assert.deepEqual(dying, serial);
    assert.ok(JSON.parse(serial.out).length > 100, 'the tree has findings');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * More files to analyse than the pool's threshold: the rules' fixtures; a large file first, so that
 * later files finish before it on another thread; two files that cannot be decoded and a folder
 * whose pyproject.toml is broken in between; a file the pre-filter skips; two files marked for the
 * rule that fails in tests.
 */
function tree(): string {
  const files: Record<string, string | Buffer> = {};
  for (const name of readdirSync(RULE_FIXTURES).filter((n) => n.endsWith('.py'))) files[`pkg/${name}`] = readFileSync(join(RULE_FIXTURES, name));
  files['pkg/aaa_large.py'] = INSECURE + 'def spread(values):\n    return [v for v in values if v % 3]\n'.repeat(800);
  files['pkg/invalid_utf8.py'] = Buffer.concat([Buffer.from('import ssl\n# caf'), Buffer.from([0xe9, 0xff]), Buffer.from('\n')]);
  files['pkg/m_broken/pyproject.toml'] = '[project\nrequires-python = ">=3.6"\n';
  files['pkg/m_broken/app.py'] = INSECURE;
  files['pkg/nul_bytes.py'] = 'import ssl\nx = 1\u0000\n';
  files['pkg/no_tls.py'] = 'print("hello")\n';
  files['pkg/fails_a.py'] = INSECURE + '# rule_fails_here\n';
  files['pkg/fails_b.py'] = INSECURE + '# rule_fails_here\n';
  return tempProject(files, 'ssl-lens-parallel-');
}

/** The messages about this tree, and a message without the parts that vary (a byte offset, the TOML parser's words). */
const MESSAGES = {
  broken: 'ssl-lens: pkg/m_broken/pyproject.toml: not valid TOML',
  invalid: 'ssl-lens: pkg/invalid_utf8.py: is not valid UTF-8',
  nul: 'ssl-lens: pkg/nul_bytes.py: contains NUL bytes, so it is not Python source; skipped',
};
const brief = (message: string) => message.replace(/ \(.*$/, '');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The command line in this process, with the rules and workers a test chooses. */
async function runHere(args: string[], cwd: string, host: CheckHost) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s), cwd, isTty: false, env: { NO_COLOR: '1' } }, host);
  return { code, out, err };
}
