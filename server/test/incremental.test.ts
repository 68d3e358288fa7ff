import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyse, type AnalysisOptions } from '../src/analysis';
import { OpenDocument } from '../src/features/documents';
import { describe as lines, parserReady, position, ruleFixtureTexts, target } from './helpers';

/**
 * After an edit the editor re-analyses only the top-level statements it touched, when nothing they
 * spell reaches another statement (server/src/incremental.ts). Whatever path is taken, the findings
 * (messages, ranges and fixes) must be exactly those of analysing the whole new text.
 */

const options: AnalysisOptions = { target: target('>=2.7'), onRuleError: (rule, error) => { throw new Error(`${rule.code}: ${String(error)}`); } };

function open(text: string): { doc: OpenDocument; edit: (from: number, to: number, insert: string) => void } {
  const doc = new OpenDocument(TextDocument.create('file:///incremental.py', 'python', 1, text), () => 10_000_000);
  let version = 1;
  return {
    doc,
    edit(from, to, insert) {
      const d = doc.document;
      doc.applyChanges([{ range: { start: d.positionAt(from), end: d.positionAt(to) }, text: insert }], ++version);
    },
  };
}

/** Module-level state, callbacks found by name, classes, decorators, globals: every way statements meet. */
const MODULE = `import socket
import ssl
from OpenSSL import SSL

DEFAULT_CIPHERS = "RC4:HIGH"
_shared = ssl.create_default_context()


def uses_shared():
    _shared.check_hostname = False
    return _shared


def always_ok(conn, cert, errno, depth, ok):
    return True


def pyopenssl_client():
    ctx = SSL.Context(SSL.TLSv1_METHOD)
    ctx.set_verify(SSL.VERIFY_PEER, always_ok)
    return ctx


def local_only(host):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
    ctx.verify_mode = ssl.CERT_NONE
    return ctx.wrap_socket(socket.socket(), server_hostname=host)


def with_constant():
    ctx = ssl.create_default_context()
    ctx.set_ciphers(DEFAULT_CIPHERS)
    return ctx


class Client:
    def __init__(self):
        self._ctx = ssl.SSLContext(ssl.PROTOCOL_SSLv23)
        self._ctx.options &= ~ssl.OP_NO_SSLv3

    def connect(self, raw):
        return self._ctx.wrap_socket(raw)


@staticmethod
def decorated():
    return ssl.wrap_socket(socket.socket())


def uses_global():
    global _shared
    _shared = ssl.SSLContext(ssl.PROTOCOL_TLSv1_1)


x = ssl.PROTOCOL_SSLv3; y = ssl.CERT_NONE  # noqa: SSL201
`;

test('typing inside a function that stands alone re-analyses that function only, with the findings of a full analysis', async () => {
  await parserReady;
  const { doc, edit } = open(MODULE);
  assert.deepEqual(lines(doc.findings(options)!), lines(analyse(MODULE, options)));
  assert.equal(doc.lastAnalysis?.mode, 'full');
  // Two lines added at the top of local_only's body: everything below moves down.
  const at = MODULE.indexOf('    ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n');
  edit(at, at, '    ctx0 = ssl.SSLContext(ssl.PROTOCOL_SSLv2)\n    ctx0.check_hostname = False\n');
  const text = doc.text;
  const findings = doc.findings(options)!;
  assert.deepEqual(doc.lastAnalysis, { mode: 'statements', analysed: 1 });
  assert.deepEqual(findings, analyse(text, options));
  const added = position(text, 'ssl.PROTOCOL_SSLv2');
  assert.ok(lines(findings).some((l) => l.startsWith(`${added.line + 1}:${added.character + 1}-`) && l.includes(' SSL101 ')), lines(findings).join('\n'));
  // The class further down kept its findings, two lines lower.
  const sslv3 = position(text, '~ssl.OP_NO_SSLv3');
  assert.ok(lines(findings).some((l) => l.startsWith(`${sslv3.line + 1}:`)), lines(findings).join('\n'));
});

test('an edit that reaches other statements is analysed in full', async () => {
  await parserReady;
  const cases: [string, string, string][] = [
    // A module variable that another function writes.
    ['    ctx = ssl.create_default_context()\n    ctx.set_ciphers(DEFAULT_CIPHERS)', 'ctx.set_ciphers(DEFAULT_CIPHERS)', 'ctx.set_ciphers(DEFAULT_CIPHERS); _shared.verify_mode = ssl.CERT_NONE'],
    // A callback another statement names.
    ['def always_ok(conn, cert, errno, depth, ok):\n    return True', 'return True', 'return ok'],
    // A new name for a function.
    ['def local_only(host):', 'local_only', 'local_only2'],
    // A module-level statement.
    ['DEFAULT_CIPHERS = "RC4:HIGH"', 'RC4:HIGH', 'HIGH:!aNULL'],
    // The line with two statements and a comment.
    ['x = ssl.PROTOCOL_SSLv3; y = ssl.CERT_NONE', 'ssl.PROTOCOL_SSLv3', 'ssl.PROTOCOL_TLSv1'],
  ];
  for (const [context, from, to] of cases) {
    const { doc, edit } = open(MODULE);
    doc.findings(options);
    const at = MODULE.indexOf(context) + context.indexOf(from);
    edit(at, at + from.length, to);
    assert.deepEqual(doc.findings(options), analyse(doc.text, options), to);
    assert.equal(doc.lastAnalysis?.mode, 'full', to);
  }
});

test('random edits, one at a time, give the findings of a full analysis', async () => {
  await parserReady;
  const fixtures = ruleFixtureTexts();
  // Each fixture as it is (mostly top-level code), and in functions: top-level imports, then its other
  // lines as the bodies of functions, a few to a function, so that edits land in definitions.
  const seeds = [MODULE, ...fixtures, ...fixtures.map(inFunctions)];
  let followed = 0;
  fc.assert(
    fc.property(
      fc.constantFrom(...seeds),
      fc.array(
        fc.oneof(
          // Anything, anywhere: mostly breaks the structure, so the whole module is analysed.
          { arbitrary: fc.record({ at, remove: fc.nat({ max: 12 }), insert: fc.constantFrom(...FRAGMENTS) }), weight: 1 },
          // Typing a word or deleting a few characters: mostly stays inside one statement.
          { arbitrary: fc.record({ at, remove: fc.nat({ max: 2 }), insert: fc.constantFrom(...WORDS) }), weight: 2 },
        ),
        { minLength: 1, maxLength: 6 },
      ),
      (seed, edits) => {
        const { doc, edit } = open(seed);
        doc.findings(options);
        for (const e of edits) {
          const length = doc.text.length;
          const from = Math.floor(e.at * (length + 1));
          edit(from, Math.min(length, from + e.remove), e.insert);
          const findings = doc.findings(options);
          if (doc.lastAnalysis?.mode === 'statements') followed++;
          assert.deepEqual(findings, analyse(doc.text, options), `after edits to:\n${JSON.stringify(doc.text)}`);
        }
      },
    ),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 300), seed: Number(process.env.PROPERTY_SEED ?? 20240607) },
  );
  // The property says something about the statement path only if it was taken.
  assert.ok(followed > 0);
});

/** A place in the text, as a fraction of its length (uniform: fast-check's doubles crowd near zero). */
const at = fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000);

const WORDS = ['x', 'ssl', 'ssl.', 'False', '0', '_shared', 'always_ok', 'DEFAULT_CIPHERS', 'ctx', ' ', ''];

function inFunctions(source: string): string {
  const imports: string[] = [];
  const bodies: string[] = [];
  let body: string[] = [];
  for (const line of source.split('\n')) {
    if (/^(?:import|from)\s/.test(line)) imports.push(line);
    else if (line.trim()) body.push(line);
    if (body.length === 4 || (!line.trim() && body.length > 0 && !/^\s/.test(body[body.length - 1]))) {
      bodies.push(`def case_${bodies.length}(host, sock):\n${body.map((l) => `    ${l}`).join('\n')}\n`);
      body = [];
    }
  }
  if (body.length > 0) bodies.push(`def case_${bodies.length}(host, sock):\n${body.map((l) => `    ${l}`).join('\n')}\n`);
  return `${imports.join('\n')}\n\n\n${bodies.join('\n\n')}`;
}

const FRAGMENTS = [
  'x',
  'ssl',
  '.',
  'ssl.PROTOCOL_TLSv1',
  'ssl.CERT_NONE',
  ' = False',
  '_shared',
  'always_ok',
  'DEFAULT_CIPHERS',
  'global _shared\n    ',
  'self._ctx.check_hostname = False\n        ',
  'def always_ok(*a):\n    return True\n',
  'def f():\n    ',
  'class D:\n    ',
  '@decorator\n',
  '  # noqa',
  '(',
  ')',
  '"',
  ':',
  '\n',
  '\n    ',
  '\r\n',
  '😀',
  '',
];
