import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { buildGrammars, serialise, vocabulary, SCOPES } from '../../syntaxes/build';
import { parseDirectives } from '../src/suppressions';
import { RULES } from '../src/rules/index';

/**
 * The TextMate injection grammars of syntaxes/, run by vscode-textmate with vscode-oniguruma over
 * the Python grammar VS Code ships (MagicPython, as packaged by tm-grammars), wired as package.json
 * contributes them.
 *
 * - The grammar files are what syntaxes/build.ts writes from data/ciphers.json.
 * - Snapshots: each server/test/fixtures/grammar/NAME.py against NAME.py.snap (every token, every
 *   scope). UPDATE_GOLDEN=1 re-records them; review the diff.
 * - Exact scopes for chosen tokens, every alias and suite of the data, and the codes that
 *   server/src/suppressions.ts reads; and Python without cipher contexts tokenizes exactly as
 *   without the injections.
 */

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(__dirname, 'fixtures', 'grammar');
const SUFFIX = 'ssl-lens';

interface Contribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
  language?: string;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { grammars?: Contribution[] } };
const contributed = (manifest.contributes.grammars ?? []).filter((g) => g.injectTo?.includes('source.python'));

const onigLib: Promise<vsctm.IOnigLib> = (async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  return {
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s: string) => new oniguruma.OnigString(s),
  };
})();

function rawGrammar(path: string): vsctm.IRawGrammar {
  return vsctm.parseRawGrammar(readFileSync(path, 'utf8'), path);
}

const pythonPath = require.resolve('tm-grammars/grammars/python.json');

async function loadPython(withInjections: boolean): Promise<vsctm.IGrammar> {
  const byScope = new Map<string, string>([['source.python', pythonPath]]);
  if (withInjections) for (const g of contributed) byScope.set(g.scopeName, join(ROOT, g.path));
  const registry = new vsctm.Registry({
    onigLib,
    loadGrammar: async (scopeName) => {
      const path = byScope.get(scopeName);
      return path ? rawGrammar(path) : null;
    },
    getInjections: (scopeName) => (withInjections && scopeName === 'source.python' ? contributed.map((g) => g.scopeName) : undefined),
  });
  const grammar = await registry.loadGrammar('source.python');
  assert.ok(grammar, 'the Python grammar loads');
  return grammar;
}

const withInjections = loadPython(true);
const pythonOnly = loadPython(false);

interface Token {
  line: number;
  start: number;
  text: string;
  scopes: string[];
}

function tokenize(grammar: vsctm.IGrammar, text: string): { tokens: Token[]; depth: number } {
  let stack = vsctm.INITIAL;
  const tokens: Token[] = [];
  text.split('\n').forEach((line, n) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    for (const t of r.tokens) {
      const end = Math.min(t.endIndex, line.length);
      if (end > t.startIndex) tokens.push({ line: n, start: t.startIndex, text: line.slice(t.startIndex, end), scopes: t.scopes });
    }
  });
  return { tokens, depth: stack.depth };
}

/** The scopes of the `occurrence`-th token whose text is exactly `token`. */
async function scopesOf(code: string, token: string, occurrence = 1): Promise<string[]> {
  const found = tokenize(await withInjections, code).tokens.filter((t) => t.text === token);
  assert.ok(found.length >= occurrence, `no token ${JSON.stringify(token)} (${occurrence}) in ${code}: tokens ${JSON.stringify(tokenize(await withInjections, code).tokens.map((t) => t.text))}`);
  return found[occurrence - 1].scopes;
}

/** vscode-tmgrammar-snap's layout: each source line after `>`, then one `#   ^^^ scopes` line per token. */
function snapshot(grammar: vsctm.IGrammar, text: string): string {
  const out: string[] = [];
  const { tokens } = tokenize(grammar, text);
  text.split('\n').forEach((line, n) => {
    out.push(`>${line}`);
    for (const t of tokens.filter((x) => x.line === n)) out.push(`#${' '.repeat(t.start)}${'^'.repeat(t.text.length)} ${t.scopes.join(' ')}`);
  });
  return `${out.join('\n')}\n`;
}

const ours = (scopes: string[]) => scopes.filter((s) => s.endsWith(`.${SUFFIX}`));

// ---------------------------------------------------------------------------------------------

test('the grammar files are what syntaxes/build.ts writes from the data', () => {
  const built = buildGrammars();
  const files = readdirSync(join(ROOT, 'syntaxes')).filter((f) => f.endsWith('.tmLanguage.json')).sort();
  assert.deepEqual(files, Object.keys(built).sort(), 'syntaxes/ holds exactly the built grammars');
  for (const [file, grammar] of Object.entries(built)) {
    assert.equal(readFileSync(join(ROOT, 'syntaxes', file), 'utf8'), serialise(grammar), `syntaxes/${file} is stale: run node --import tsx syntaxes/build.ts`);
  }
});

test('package.json contributes every grammar as an injection into source.python', () => {
  const built = Object.entries(buildGrammars());
  assert.deepEqual(
    contributed.map((g) => ({ ...g })).sort((a, b) => a.scopeName.localeCompare(b.scopeName)),
    built
      .map(([file, g]) => ({ scopeName: g.scopeName, path: `./syntaxes/${file}`, injectTo: ['source.python'] }))
      .sort((a, b) => a.scopeName.localeCompare(b.scopeName)),
  );
  for (const [, g] of built) assert.match(g.injectionSelector, /^L:/, `${g.scopeName} takes priority over Python's own rules`);
});

for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.py')).sort()) {
  test(`snapshot: ${file}`, async () => {
    const text = readFileSync(join(FIXTURES, file), 'utf8').replace(/\n$/, '');
    const grammar = await withInjections;
    const actual = snapshot(grammar, text);
    const snapPath = join(FIXTURES, `${file}.snap`);
    if (process.env.UPDATE_GOLDEN) writeFileSync(snapPath, actual);
    assert.equal(actual, readFileSync(snapPath, 'utf8'), `${file}.snap differs (UPDATE_GOLDEN=1 re-records it)`);
    assert.equal(tokenize(grammar, text).depth, 1, 'every region the grammars open is closed by the end of the file');
  });
}

// --- Exact scopes of chosen tokens --------------------------------------------------------------

const CALL = ['source.python', 'meta.member.access.python', 'meta.function-call.python'];
const CALL_STRING = [...CALL, 'meta.function-call.arguments.python', SCOPES.value, 'string.quoted.single.python'];
const CALL_ELEMENT = [...CALL_STRING, SCOPES.element];

test('set_ciphers: the call keeps Python scopes; operators, separators, aliases and weak words are scoped', async () => {
  const code = 'ctx.set_ciphers("ECDHE+AESGCM:!aNULL:-RC4:+3DES:RC4")';
  assert.deepEqual(await scopesOf(code, 'set_ciphers'), [...CALL, 'meta.function-call.generic.python']);
  assert.deepEqual(await scopesOf(code, '('), [...CALL, 'punctuation.definition.arguments.begin.python']);
  assert.deepEqual(await scopesOf(code, '"'), [...CALL_STRING, 'punctuation.definition.string.begin.python']);
  assert.deepEqual(await scopesOf(code, 'ECDHE'), [...CALL_ELEMENT, SCOPES.alias]);
  assert.deepEqual(await scopesOf(code, '+'), [...CALL_ELEMENT, SCOPES.and]);
  assert.deepEqual(await scopesOf(code, 'AESGCM'), [...CALL_ELEMENT, SCOPES.alias]);
  assert.deepEqual(await scopesOf(code, ':'), [...CALL_STRING, SCOPES.separator]);
  assert.deepEqual(await scopesOf(code, '!'), [...CALL_STRING, SCOPES.kill]);
  assert.deepEqual(await scopesOf(code, 'aNULL'), [...CALL_ELEMENT, SCOPES.alias], 'an excluded weak alias is not marked weak');
  assert.deepEqual(await scopesOf(code, '-'), [...CALL_STRING, SCOPES.remove]);
  assert.deepEqual(await scopesOf(code, 'RC4'), [...CALL_ELEMENT, SCOPES.alias], 'a removed weak alias is not marked weak');
  assert.deepEqual(await scopesOf(code, '+', 2), [...CALL_STRING, SCOPES.moveToEnd]);
  assert.deepEqual(await scopesOf(code, '3DES'), [...CALL_ELEMENT, SCOPES.alias], 'moving suites to the end adds none');
  assert.deepEqual(await scopesOf(code, 'RC4', 2), [...CALL_ELEMENT, SCOPES.alias, SCOPES.weak], 'an added weak alias is marked');
  assert.deepEqual(await scopesOf(code, ')'), [...CALL, 'punctuation.definition.arguments.end.python']);
});

test('suite names, TLS 1.3 names, directives and security levels', async () => {
  const code = 'ctx.set_ciphers("ECDHE-RSA-AES128-GCM-SHA256:DES-CBC3-SHA:TLS_AES_256_GCM_SHA384:-ECDHE-RSA-RC4-SHA:HIGH@STRENGTH:@SECLEVEL=2:@SECLEVEL=0:@FOO")';
  assert.deepEqual(await scopesOf(code, 'ECDHE-RSA-AES128-GCM-SHA256'), [...CALL_ELEMENT, SCOPES.suite]);
  assert.deepEqual(await scopesOf(code, 'DES-CBC3-SHA'), [...CALL_ELEMENT, SCOPES.suite, SCOPES.weak]);
  assert.deepEqual(await scopesOf(code, 'TLS_AES_256_GCM_SHA384'), [...CALL_ELEMENT, SCOPES.suite]);
  assert.deepEqual(await scopesOf(code, 'ECDHE-RSA-RC4-SHA'), [...CALL_ELEMENT, SCOPES.suite], 'the - operator is not part of the name');
  assert.deepEqual(await scopesOf(code, 'HIGH'), [...CALL_ELEMENT, SCOPES.alias]);
  assert.deepEqual(await scopesOf(code, '@STRENGTH'), [...CALL_STRING, SCOPES.directive]);
  assert.deepEqual(await scopesOf(code, '@SECLEVEL'), [...CALL_STRING, SCOPES.directive]);
  assert.deepEqual(await scopesOf(code, '='), [...CALL_STRING, SCOPES.directiveAssignment]);
  assert.deepEqual(await scopesOf(code, '2'), [...CALL_STRING, SCOPES.level]);
  assert.deepEqual(await scopesOf(code, '0'), [...CALL_STRING, SCOPES.level, SCOPES.weak], 'level 0 lets every suite through');
  assert.deepEqual(await scopesOf(code, '@FOO'), [...CALL_STRING, SCOPES.badDirective]);
});

test('separators: colon, comma, semicolon; spaces separate without a scope; unknown words have none', async () => {
  const code = 'ctx.set_ciphers("HIGH,MEDIUM;LOW kRSA:HIGH-RC4:high:SOMETHING")';
  assert.deepEqual(await scopesOf(code, ','), [...CALL_STRING, SCOPES.separator]);
  assert.deepEqual(await scopesOf(code, ';'), [...CALL_STRING, SCOPES.separator]);
  assert.deepEqual(await scopesOf(code, ' '), CALL_STRING);
  assert.deepEqual(await scopesOf(code, 'MEDIUM'), [...CALL_ELEMENT, SCOPES.alias, SCOPES.weak]);
  assert.deepEqual(await scopesOf(code, 'kRSA'), [...CALL_ELEMENT, SCOPES.alias, SCOPES.weak]);
  assert.deepEqual(await scopesOf(code, 'HIGH-RC4'), CALL_ELEMENT, 'one unknown word for OpenSSL, not HIGH and RC4');
  assert.deepEqual(await scopesOf(code, 'high'), CALL_ELEMENT, 'OpenSSL names are case-sensitive');
  assert.deepEqual(await scopesOf(code, 'SOMETHING'), CALL_ELEMENT);
});

test('contexts: set_cipher_list with bytes, ciphers= keywords, dict keys, *_CIPHERS constants', async () => {
  assert.deepEqual(await scopesOf('SSL.Context(m).set_cipher_list(b"RC4")', 'RC4'), [
    ...CALL,
    'meta.function-call.arguments.python',
    SCOPES.value,
    'string.quoted.binary.single.python',
    SCOPES.element,
    SCOPES.alias,
    SCOPES.weak,
  ]);
  const kw = 'ssl.wrap_socket(s, ciphers="EXP:ALL", ssl_version=v)';
  assert.deepEqual(await scopesOf(kw, 'ciphers'), [...CALL, 'meta.function-call.arguments.python', 'variable.parameter.function-call.python']);
  assert.deepEqual(await scopesOf(kw, 'EXP'), [...CALL, 'meta.function-call.arguments.python', SCOPES.value, 'string.quoted.single.python', SCOPES.element, SCOPES.alias, SCOPES.weak]);
  assert.deepEqual(await scopesOf(kw, 'ssl_version'), [...CALL, 'meta.function-call.arguments.python', 'variable.parameter.function-call.python']);
  const dict = 'opts = {"ciphers": "RC4", "other": "RC4"}';
  assert.deepEqual(await scopesOf(dict, 'ciphers'), ['source.python', 'string.quoted.single.python']);
  assert.deepEqual(await scopesOf(dict, 'RC4'), ['source.python', SCOPES.value, 'string.quoted.single.python', SCOPES.element, SCOPES.alias, SCOPES.weak]);
  assert.deepEqual(await scopesOf(dict, 'RC4', 2), ['source.python', 'string.quoted.single.python'], 'another key is not a cipher string');
  const assign = 'ssl._DEFAULT_CIPHERS = "HIGH:!DH"  # noqa: SSL301';
  assert.deepEqual(await scopesOf(assign, '_DEFAULT_CIPHERS'), ['source.python', 'constant.other.caps.python']);
  assert.deepEqual(await scopesOf(assign, 'HIGH'), ['source.python', SCOPES.value, 'string.quoted.single.python', SCOPES.element, SCOPES.alias]);
  assert.deepEqual(await scopesOf(assign, 'SSL301'), ['source.python', 'comment.line.number-sign.python', SCOPES.code]);
  const multi = '_RESTRICTED_SERVER_CIPHERS = (\n    "HIGH:"\n    "!RC4"\n)\nx = "RC4"';
  assert.deepEqual(await scopesOf(multi, 'RC4'), ['source.python', SCOPES.value, 'string.quoted.single.python', SCOPES.element, SCOPES.alias]);
  assert.deepEqual(await scopesOf(multi, 'RC4', 2), ['source.python', 'string.quoted.single.python'], 'the context ends with the statement');
});

test('f-strings: literal parts are cipher strings, replacement fields stay Python', async () => {
  const code = 'ctx.set_ciphers(f"{BASE}:RC4")';
  const fstring = [...CALL, 'meta.function-call.arguments.python', SCOPES.value, 'meta.fstring.python'];
  assert.deepEqual(await scopesOf(code, 'BASE'), [...fstring, 'constant.other.caps.python']);
  assert.deepEqual(await scopesOf(code, ':'), [...fstring, 'string.interpolated.python', 'string.quoted.single.python', SCOPES.separator]);
  assert.deepEqual(await scopesOf(code, 'RC4'), [...fstring, 'string.interpolated.python', 'string.quoted.single.python', SCOPES.element, SCOPES.alias, SCOPES.weak]);
  assert.deepEqual(await scopesOf(code, '"', 2), [...fstring, 'punctuation.definition.string.end.python', 'string.interpolated.python', 'string.quoted.single.python']);
});

test('negatives: strings outside cipher contexts and noqa text inside strings get no SSL Lens scope', async () => {
  for (const [code, token] of [
    ['print("HIGH:!aNULL:RC4")', 'HIGH:!aNULL:RC4'],
    ['CIPHER = "RC4"', 'RC4'],
    ['if CIPHERS == "RC4": pass', 'RC4'],
    ['def set_ciphers(self, ciphers="RC4"): pass', 'RC4'],
    ['call(ciphers == "RC4")', 'RC4'],
    ['y = "# noqa: SSL301"', '# noqa: SSL301'],
    ["y = '# nosec B502'", '# nosec B502'],
    ['x = 1  # noqa SSL301', ' SSL301'],
  ] as const) {
    const scopes = await scopesOf(code, token);
    assert.deepEqual(ours(scopes), [], `${code}: ${token} has ${scopes.join(' ')}`);
  }
  assert.deepEqual(await scopesOf('def set_ciphers(self, ciphers="RC4"): pass', 'set_ciphers'), ['source.python', 'meta.function.python', 'entity.name.function.python']);
});

test('Python without cipher contexts or suppression comments tokenizes exactly as without the injections', async () => {
  const text = readFileSync(join(FIXTURES, 'negatives.py'), 'utf8');
  assert.deepEqual(tokenize(await withInjections, text).tokens, tokenize(await pythonOnly, text).tokens);
});

// --- Every word of the data -------------------------------------------------------------------

test('every alias and suite name of data/ciphers.json is scoped, weak exactly when the engine says so', async () => {
  const v = vocabulary();
  const grammar = await withInjections;
  const cases: [string[], string, boolean][] = [
    [v.aliases, SCOPES.alias, false],
    [v.weakAliases, SCOPES.alias, true],
    [v.suites, SCOPES.suite, false],
    [v.weakSuites, SCOPES.suite, true],
  ];
  for (const [names, scope, weak] of cases) {
    for (const name of names) {
      for (const [prefix, marked] of [['', weak], ['!', false], ['-', false], ['+', false], ['HIGH+', weak]] as const) {
        const code = `ctx.set_ciphers("${prefix}${name}")`;
        const token = tokenize(grammar, code).tokens.find((t) => t.text === name);
        assert.ok(token, `${code}: ${name} is one token`);
        assert.deepEqual(ours(token.scopes), [SCOPES.value, SCOPES.element, scope, ...(marked ? [SCOPES.weak] : [])], code);
      }
    }
  }
  // Spot checks that the engine's verdicts are the expected ones.
  for (const w of ['RC4', '3DES', 'DES', 'aNULL', 'eNULL', 'NULL', 'ADH', 'AECDH', 'EXPORT', 'EXP', 'LOW', 'MD5', 'kRSA', 'RSA', 'IDEA', 'SEED']) assert.ok(v.weakAliases.includes(w), w);
  for (const w of ['HIGH', 'DEFAULT', 'ALL', 'ECDHE', 'AESGCM', 'CHACHA20', 'SHA1', 'TLSv1.2', 'SUITEB128']) assert.ok(v.aliases.includes(w), w);
  for (const w of ['RC4-MD5', 'DES-CBC3-SHA', 'AES128-SHA', 'ADH-AES128-SHA', 'EXP-RC4-MD5']) assert.ok(v.weakSuites.includes(w), w);
  for (const w of ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'TLS_AES_128_GCM_SHA256']) assert.ok(v.suites.includes(w), w);
});

// --- Suppression comments ---------------------------------------------------------------------

test('the codes scoped in a comment are the codes server/src/suppressions.ts reads from it', async () => {
  const grammar = await withInjections;
  const comments = [
    '# noqa: SSL301, S502 E501',
    '# noqa:SSL101,SSL102',
    '#noqa : SSL101',
    '# NOQA: ssl301',
    '# noqa',
    '# noqa SSL301',
    '# noqa:',
    '# nosec B502 B503',
    '# nosec: B502',
    '# nosec B502,B503 trailing words',
    '# nosec',
    '# nosec because it is fine',
    '# see the docs # noqa: SSL201',
    '# ruff: noqa: SSL201',
    '# TODO: fix # NoQa: S501, S502',
  ];
  for (const comment of comments) {
    const { tokens } = tokenize(grammar, `x = 1  ${comment}`);
    const scoped = tokens.filter((t) => t.scopes.includes(SCOPES.code)).map((t) => t.text.toUpperCase());
    const read = parseDirectives(comment).flatMap((d) => (d.codes === 'all' ? [] : d.codes));
    assert.deepEqual(scoped, read, comment);
    const keywords = tokens.filter((t) => t.scopes.includes(SCOPES.noqa) || t.scopes.includes(SCOPES.nosec)).map((t) => t.text.toLowerCase());
    assert.deepEqual(keywords, parseDirectives(comment).map((d) => d.tool), `${comment}: directive keywords`);
  }
  const line = 'x = 1  # noqa: SSL301, S502';
  assert.deepEqual(await scopesOf(line, 'noqa'), ['source.python', 'comment.line.number-sign.python', SCOPES.noqa]);
  assert.deepEqual(await scopesOf(line, ':'), ['source.python', 'comment.line.number-sign.python', SCOPES.codesColon]);
  assert.deepEqual(await scopesOf(line, 'SSL301'), ['source.python', 'comment.line.number-sign.python', SCOPES.code]);
  assert.deepEqual(await scopesOf(line, ','), ['source.python', 'comment.line.number-sign.python', SCOPES.codeSeparator]);
  assert.deepEqual(await scopesOf('x = 1  # nosec B502', 'nosec'), ['source.python', 'comment.line.number-sign.python', SCOPES.nosec]);
});

// --- What themes make of the scopes -----------------------------------------------------------

const THEMES = ['dark-plus', 'light-plus', 'monokai', 'github-dark', 'github-light', 'solarized-dark', 'one-dark-pro', 'dracula'];

test('themes colour the scopes: weak words stand out, aliases, suites, directives and codes differ from their string or comment', async () => {
  const line = 'ctx.set_ciphers("xx:HIGH+RC4:!aNULL:ECDHE-RSA-AES128-GCM-SHA256:@STRENGTH")  # noqa: SSL301';
  const at = (text: string, from = 0) => line.indexOf(text, from);
  const probes = {
    string: at('xx'),
    alias: at('HIGH'),
    weak: at('RC4'),
    excluded: at('aNULL'),
    suite: at('ECDHE-RSA'),
    directive: at('@STRENGTH'),
    comment: at('#') + 1,
    code: at('SSL301'),
  };
  const themed = new Map<string, Record<keyof typeof probes, string>>();
  for (const name of THEMES) {
    const theme = JSON.parse(readFileSync(require.resolve(`tm-themes/themes/${name}.json`), 'utf8')) as { name: string; tokenColors?: vsctm.IRawTheme['settings']; settings?: vsctm.IRawTheme['settings'] };
    const registry = new vsctm.Registry({
      onigLib,
      loadGrammar: async (scopeName) => {
        const path = scopeName === 'source.python' ? pythonPath : contributed.find((g) => g.scopeName === scopeName)?.path;
        return path ? rawGrammar(scopeName === 'source.python' ? path : join(ROOT, path)) : null;
      },
      getInjections: (scopeName) => (scopeName === 'source.python' ? contributed.map((g) => g.scopeName) : undefined),
    });
    registry.setTheme({ name: theme.name, settings: theme.tokenColors ?? theme.settings ?? [] });
    const grammar = await registry.loadGrammar('source.python');
    assert.ok(grammar);
    const colours = registry.getColorMap();
    const { tokens } = grammar.tokenizeLine2(line, vsctm.INITIAL);
    const colourAt = (offset: number) => {
      let metadata = 0;
      for (let i = 0; i < tokens.length; i += 2) if (tokens[i] <= offset) metadata = tokens[i + 1];
      return colours[(metadata >>> 15) & 0x1ff];
    };
    themed.set(name, Object.fromEntries(Object.entries(probes).map(([k, offset]) => [k, colourAt(offset)])) as Record<keyof typeof probes, string>);
  }
  for (const [name, c] of themed) {
    assert.notEqual(c.weak, c.string, `${name}: a weak word differs from the string`);
    assert.notEqual(c.weak, c.excluded, `${name}: an admitted weak word differs from an excluded one`);
    assert.notEqual(c.directive, c.string, `${name}: @STRENGTH differs from the string`);
  }
  for (const name of ['dark-plus', 'light-plus']) {
    const c = themed.get(name)!;
    assert.notEqual(c.alias, c.string, `${name}: an alias differs from the string`);
    assert.notEqual(c.suite, c.string, `${name}: a suite name differs from the string`);
    assert.notEqual(c.suite, c.alias, `${name}: a suite name differs from an alias`);
    assert.notEqual(c.code, c.comment, `${name}: a rule code differs from the comment`);
  }
  assert.equal(themed.get('dark-plus')!.weak, '#F44747', 'Dark+ shows weak words in its "invalid" red');
});

test('every rule code and its Bandit and Ruff aliases are scoped in a noqa comment', async () => {
  const grammar = await withInjections;
  const codes = RULES.flatMap((r) => [r.code, ...r.aliases.bandit, ...r.aliases.ruff]);
  const { tokens } = tokenize(grammar, `x = 1  # noqa: ${codes.join(', ')}`);
  assert.deepEqual(tokens.filter((t) => t.scopes.includes(SCOPES.code)).map((t) => t.text), codes);
});
