/**
 * The pre-commit hook, end to end: Debian's `pre-commit` installs this repository the way it installs any
 * hook repository (a clone, `npm install`, `npm pack`, `npm install -g`) from a snapshot of the working
 * tree, and runs the hook defined in .pre-commit-hooks.yaml on a small Python project's commits.
 * It needs the npm registry for the dependencies, and takes a few minutes the first time; later runs
 * of an unchanged tree reuse pre-commit's environment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const WORK = join(tmpdir(), 'ssl-lens-precommit');

test('pre-commit: a finding blocks the commit, the fix lets it through, [tool.ssl-lens] applies', { timeout: 20 * 60 * 1000 }, (t) => {
  const missing = ensurePreCommit();
  if (missing) {
    t.skip(missing);
    return;
  }
  const hooks = readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8');
  assert.match(hooks, /^- id: ssl-lens$/m);
  assert.match(hooks, /^ {2}language: node$/m);

  const { path: hookRepo, rev } = snapshotOfThisRepository();
  const home = join(WORK, 'pre-commit-home');
  const project = mkdtempSync(join(tmpdir(), 'ssl-lens-precommit-project-'));
  const env = { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: '1', FORCE_COLOR: '', PRE_COMMIT_COLOR: 'never' };
  const sh = (cmd: string, args: string[], options: SpawnSyncOptions = {}) => {
    const r = spawnSync(cmd, args, { cwd: project, env, encoding: 'utf8', timeout: 15 * 60 * 1000, ...options });
    return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
  };
  const git = (...args: string[]) => sh('git', args);

  git('init', '-q');
  git('config', 'user.email', 'dev@example.com');
  git('config', 'user.name', 'Developer');
  git('config', 'commit.gpgsign', 'false');
  write(project, '.pre-commit-config.yaml', `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: ssl-lens\n`);
  write(project, 'pyproject.toml', '[project]\nname = "mailer"\nrequires-python = ">=3.9"\n\n[tool.ssl-lens]\nexclude = ["vendored"]\n\n[tool.ssl-lens.per-file-ignores]\n"tests/**" = ["SSL201"]\n');
  write(project, 'mailer/send.py', 'import smtplib\nimport ssl\n\n\ndef send(host):\n    ctx = ssl.create_default_context()\n    ctx.verify_mode = ssl.CERT_NONE\n    return smtplib.SMTP_SSL(host, context=ctx)\n');
  // Tests may talk to a local server with a self-signed certificate: per-file-ignores allows it there.
  write(project, 'tests/test_send.py', 'import ssl\n\nctx = ssl._create_unverified_context()\n');
  // Excluded code is not checked even though pre-commit names the file (the hook passes --force-exclude).
  write(project, 'vendored/legacy.py', 'import ssl\n\nctx = ssl.SSLContext(ssl.PROTOCOL_SSLv3)\n');
  // Environments of earlier snapshots whose projects are gone are dropped, so the cache does not grow.
  sh('pre-commit', ['gc']);
  const install = sh('pre-commit', ['install']);
  assert.equal(install.status, 0, install.out);

  git('add', '-A');
  const blocked = git('commit', '-m', 'Send mail over TLS');
  assert.notEqual(blocked.status, 0, blocked.out);
  assert.match(blocked.out, /ssl-lens\.+Failed/);
  assert.match(blocked.out, /^mailer\/send\.py:7:23: SSL201 /m);
  assert.match(blocked.out, /^ {2}\| {23}\^{13} SSL201$/m);
  assert.doesNotMatch(blocked.out, /tests\/test_send\.py|vendored\/legacy\.py/);
  assert.notEqual(git('rev-parse', '--verify', '-q', 'HEAD').status, 0, 'nothing was committed');

  write(project, 'mailer/send.py', 'import smtplib\nimport ssl\n\n\ndef send(host):\n    ctx = ssl.create_default_context()\n    return smtplib.SMTP_SSL(host, context=ctx)\n');
  git('add', '-A');
  const allowed = git('commit', '-m', 'Send mail over TLS');
  assert.equal(allowed.status, 0, allowed.out);
  assert.match(allowed.out, /ssl-lens\.+Passed/);
  assert.equal(git('rev-list', '--count', 'HEAD').out.trim(), '1');
});

/** Why pre-commit cannot run here, or undefined once it is installed (apt-get installs it when missing). */
function ensurePreCommit(): string | undefined {
  const works = () => spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
  if (works()) return undefined;
  if (spawnSync('apt-get', ['--version']).status !== 0) return 'pre-commit is not installed and apt-get is not available to install it';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'pre-commit is not installed, and installing it with apt-get needs root';
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', '-q', 'pre-commit'], { env, encoding: 'utf8', timeout: 10 * 60 * 1000 });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-q'], { env, timeout: 10 * 60 * 1000 });
    r = spawnSync('apt-get', ['install', '-y', '-q', 'pre-commit'], { env, encoding: 'utf8', timeout: 10 * 60 * 1000 });
  }
  if (r.status !== 0 || !works()) return `pre-commit is not installed and 'apt-get install pre-commit' failed: ${(r.stderr ?? '').trim().split('\n').pop()}`;
  return undefined;
}

/**
 * A git repository holding the tracked files of this working tree as they are now, committed with fixed
 * dates so that an unchanged tree gives the same commit and pre-commit reuses the environment it built.
 */
function snapshotOfThisRepository(): { path: string; rev: string } {
  const path = join(WORK, 'hook-repository');
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(listed.status, 0, 'this test runs in a git checkout');
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(REPO, file))) continue;
    mkdirSync(dirname(join(path, file)), { recursive: true });
    cpSync(join(REPO, file), join(path, file));
  }
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'snapshot',
    GIT_AUTHOR_EMAIL: 'snapshot@example.com',
    GIT_COMMITTER_NAME: 'snapshot',
    GIT_COMMITTER_EMAIL: 'snapshot@example.com',
    GIT_AUTHOR_DATE: '2020-01-01T00:00:00Z',
    GIT_COMMITTER_DATE: '2020-01-01T00:00:00Z',
  };
  for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'snapshot']]) {
    const r = spawnSync('git', args, { cwd: path, env, encoding: 'utf8' });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  }
  const rev = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: path, encoding: 'utf8' }).stdout.trim();
  return { path, rev };
}

function write(root: string, name: string, text: string): void {
  mkdirSync(dirname(join(root, name)), { recursive: true });
  writeFileSync(join(root, name), text);
}
