import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `node dist/server.js --stdio` driven by other editors' own LSP clients: Neovim's built-in client
 * (headless) and Emacs's Eglot (batch mode). Each opens app.py of a project whose pyproject.toml says
 * requires-python >=3.3, and reports the diagnostics it shows and the hover it gets. The editors come
 * from Debian (`npm run test:editors` installs them); the tests are skipped where an editor is missing,
 * unless SSL_LENS_E2E_REQUIRED is set.
 */
const ROOT = join(__dirname, '..', '..');
const SERVER = join(ROOT, 'dist', 'server.js');
const SCRIPTS = join(ROOT, 'scripts', 'e2e', 'editors');
const PROJECT = join(ROOT, 'client', 'test', 'fixtures', 'project');

test('Neovim shows SSL101 and SSL203 with exact ranges, and a hover', { skip: skipUnless('nvim') }, () => {
  const seen = runEditor('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-c', `luafile ${join(SCRIPTS, 'neovim.lua')}`]);
  const app = readFileSync(join(PROJECT, 'app.py'), 'utf8');
  const brief = seen.diagnostics.map((d: any) => `${d.line}:${d.character}-${d.end_line}:${d.end_character} ${d.code}`).sort();
  assert.deepEqual(brief, [`${span(app, 'ssl.PROTOCOL_TLSv1')} SSL101`, `${span(app, 'urllib.request.urlopen')} SSL203`].sort());
  const protocol = seen.diagnostics.find((d: any) => d.code === 'SSL101');
  assert.equal(protocol.source, 'ssl-lens');
  assert.equal(protocol.severity, 1, 'shown as an error');
  assert.match(protocol.message, /PROTOCOL_TLSv1/);
  assertHover(seen);
});

test('Emacs with Eglot shows SSL101 and SSL203 through Flymake, and a hover', { skip: skipUnless('emacs') }, () => {
  const seen = runEditor('emacs', ['--batch', '-q', '-l', join(SCRIPTS, 'eglot.el')]);
  const app = readFileSync(join(PROJECT, 'app.py'), 'utf8');
  const byRange = new Map(seen.diagnostics.map((d: any) => [`${d.line}:${d.character}-${d.end_line}:${d.end_character}`, d]));
  const protocol: any = byRange.get(span(app, 'ssl.PROTOCOL_TLSv1'));
  assert.ok(protocol, `a diagnostic on ssl.PROTOCOL_TLSv1; got ${JSON.stringify(seen.diagnostics)}`);
  assert.match(protocol.message, /PROTOCOL_TLSv1/);
  assert.match(protocol.type, /error/);
  const urlopen: any = byRange.get(span(app, 'urllib.request.urlopen'));
  assert.ok(urlopen, `a diagnostic on urlopen(); got ${JSON.stringify(seen.diagnostics)}`);
  assert.match(urlopen.message, /3\.3/);
  assert.equal(seen.diagnostics.length, 2);
  assertHover(seen);
});

/** Runs an editor on a fresh copy of the project and returns the JSON its script wrote. */
function runEditor(command: string, args: string[]): any {
  const dir = mkdtempSync(join(tmpdir(), 'ssl-lens-editor-'));
  try {
    cpSync(PROJECT, join(dir, 'project'), { recursive: true });
    const file = join(dir, 'project', 'app.py');
    const hoverAt = position(readFileSync(file, 'utf8'), 'PROTOCOL_TLSv1');
    const out = join(dir, 'seen.json');
    const res = spawnSync(command, args, {
      cwd: join(dir, 'project'),
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        HOME: dir,
        SSL_LENS_SERVER: SERVER,
        SSL_LENS_FILE: file,
        SSL_LENS_OUT: out,
        SSL_LENS_HOVER_LINE: String(hoverAt.line),
        SSL_LENS_HOVER_CHARACTER: String(hoverAt.character + 3),
      },
    });
    assert.ok(existsSync(out), `${command} wrote no result (exit ${res.status}, signal ${res.signal}):\n${res.stdout}\n${res.stderr}`);
    const seen = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(seen.error, undefined, `${command} failed: ${seen.error}\n${res.stderr}`);
    return seen;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertHover(seen: any): void {
  if (!seen.hoverProvider) return;
  assert.match(String(seen.hover), /PROTOCOL_TLSv1/, 'the hover on PROTOCOL_TLSv1 describes it');
}

/** Line and UTF-16 column of the first `text` in `source`, 0-based. */
function position(source: string, text: string): { line: number; character: number } {
  const offset = source.indexOf(text);
  assert.ok(offset >= 0, `'${text}' is in the fixture`);
  const before = source.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** "line:character-line:character" of `text` on one line. */
function span(source: string, text: string): string {
  const start = position(source, text);
  return `${start.line}:${start.character}-${start.line}:${start.character + text.length}`;
}

function skipUnless(command: string): string | false {
  if (process.env.SSL_LENS_E2E_REQUIRED) return false;
  if (!existsSync(SERVER)) return 'dist/server.js is not built';
  const found = spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
  return found ? false : `${command} is not installed (npm run test:editors installs it)`;
}
