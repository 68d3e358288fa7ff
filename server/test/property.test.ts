import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyse, mayNeedAnalysis } from '../src/analysis';
import { LspClient } from './lsp-client';
import { parserReady, ruleFixtureTexts, target } from './helpers';

/**
 * Random incremental edits through LSP: after each batch the server must answer, and its
 * diagnostics for the edited document must equal those of a fresh open of the same text. This is
 * what incremental parsing (tree.edit + reparse) and the per-document caches must never break.
 */
test('incremental edits give the same diagnostics as a fresh open of the same text', async () => {
  const client = await LspClient.start();
  let documents = 0;
  try {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SEEDS), fc.boolean(), fc.array(fc.array(edit, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), async (seed, crlf, batches) => {
        const uri = `file:///property/edited_${++documents}.py`;
        let doc = TextDocument.create(uri, 'python', 1, crlf ? seed.replace(/\n/g, '\r\n') : seed);
        client.open(uri, doc.getText());
        await client.waitForDiagnostics(uri, (d) => d.version === 1);
        for (const batch of batches) {
          const changes = [];
          // Each change is applied to the text the previous one left, as LSP specifies.
          for (const e of batch) {
            const length = doc.getText().length;
            const start = Math.floor(e.start * (length + 1));
            const end = Math.min(length, start + Math.floor(e.length * 40));
            const change = { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: e.text };
            changes.push(change);
            doc = TextDocument.update(doc, [change], doc.version);
          }
          const version = doc.version + 1;
          doc = TextDocument.create(uri, 'python', version, doc.getText());
          client.change(uri, version, changes);
          const edited = await client.waitForDiagnostics(uri, (d) => d.version === version, 30_000);
          const freshUri = `file:///property/fresh_${documents}_${version}.py`;
          client.open(freshUri, doc.getText());
          const fresh = await client.waitForDiagnostics(freshUri, (d) => d.version === 1, 30_000);
          void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: freshUri } });
          assert.deepEqual(normalise(edited), normalise(fresh), `after edits to:\n${JSON.stringify(doc.getText())}`);
        }
        void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 40), seed: Number(process.env.PROPERTY_SEED ?? 20240607), endOnFailure: true },
    );
    // And it still answers a request.
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///property/none.py' }, position: { line: 0, character: 0 } });
    assert.equal(hover, null);
  } finally {
    await client.stop();
  }
});

/**
 * The command line's pre-filter skips a file only when it cannot have a finding. Every rule fixture,
 * with random lines removed (imports included), is checked: when the pre-filter says no, analysis
 * under a wide target must find nothing.
 */
test('the pre-filter never skips a file that has findings', async () => {
  await parserReady;
  const files = ruleFixtureTexts().map((text) => text.split('\n'));
  const wide = target('>=2.6');
  let skipped = 0;
  fc.assert(
    fc.property(fc.constantFrom(...files), fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { maxLength: 30 }), (lines, drops) => {
      const kept = [...lines];
      for (const d of drops) kept.splice(Math.floor(d * kept.length), 1);
      const text = kept.join('\n');
      if (mayNeedAnalysis(text)) return;
      skipped++;
      const findings = analyse(text, { target: wide });
      assert.deepEqual(findings.map((f) => `${f.range.start.line + 1} ${f.code}`), [], text);
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 300), seed: Number(process.env.PROPERTY_SEED ?? 20240607) },
  );
  // The property says something only if some variants were skipped.
  assert.ok(skipped > 0);
});

/** What is compared: everything a user sees of a diagnostic. */
function normalise(ds: any[]): string[] {
  return ds.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.severity} ${d.message}`);
}

/** Fragments people type, half-typed code, brackets and quotes left open, emoji and line ends of every kind. */
const FRAGMENTS = [
  'ssl',
  'ssl.',
  'ssl.PROTOCOL_TLSv1',
  'ctx = ssl.SSLContext(',
  'ctx = ssl.SSLContext(ssl.PROTOCOL_SSLv3)\n',
  'ctx.verify_mode = ssl.CERT_NONE\n',
  'ctx.check_hostname = False\n',
  'ctx.options &= ~ssl.OP_NO_SSLv3\n',
  'ctx.set_ciphers("RC4:',
  'import ssl\n',
  'import ssl as s\n',
  'from ssl import *\n',
  'from ssl import PROTOCOL_TLSv1 as P\n',
  'def f(',
  'def f(ctx: ssl.SSLContext):\n    ',
  'class C:\n    def __init__(self):\n        self._ctx = ssl.create_default_context()\n',
  'if sys.version_info >= (3, 7):\n    ',
  'try:\n    ',
  'except AttributeError:\n    pass\n',
  'lambda: ',
  '(',
  ')',
  '[',
  ']',
  '{',
  '"',
  "'",
  '"""',
  '\\\n',
  ':',
  '  # noqa: SSL101',
  '  # nosec',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '    ',
  '😀',
  'é',
  '\u0000',
  '',
];

const edit = fc.record({
  // Fractions of the text's length, uniform (fast-check's doubles crowd near zero, at the file's start).
  start: fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000),
  length: fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000),
  text: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) }),
});

/** Starting points: realistic TLS code with findings, guards, classes and a notebook-like mix. */
const SEEDS = [
  [
    'import ssl',
    '',
    'def make_context(legacy=False):',
    '    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS)',
    '    if legacy:',
    '        ctx.options &= ~ssl.OP_NO_TLSv1',
    '    ctx.verify_mode = ssl.CERT_NONE',
    '    return ctx',
    '',
  ].join('\n'),
  [
    '"""Mail and FTP clients."""',
    'import ftplib, smtplib',
    'import ssl',
    '',
    'class Mailer:',
    '    def __init__(self, host):',
    '        self._ctx = ssl._create_unverified_context()',
    '        self._smtp = smtplib.SMTP_SSL(host, context=self._ctx)',
    '',
    '    def fetch(self, host):',
    '        ftp = ftplib.FTP_TLS(host)  # noqa: SSL203',
    '        return ftp.nlst()',
    '',
  ].join('\n'),
  [
    'import sys',
    'from ssl import create_default_context, TLSVersion, PROTOCOL_SSLv23',
    '',
    'ctx = create_default_context()',
    'if sys.version_info >= (3, 7):',
    '    ctx.minimum_version = TLSVersion.TLSv1',
    'else:',
    '    ctx.options |= 0',
    'ctx.check_hostname = False',
    'ctx.set_ciphers("ALL:!aNULL")',
    'é = "😀"; legacy = PROTOCOL_SSLv23',
    '',
  ].join('\n'),
];
