import type { Rule } from './rule';
import type { ModuleModel } from '../python/model';
import type { SyntaxNode } from '../python/parser';
import { clientCalledBy } from '../facts/clients';
import { formatVersion } from '../facts/versions';
import { argument, targetRangeText } from './helpers';
import type { CallInfo } from '../python/model';
import type { Fix, Target } from '../types';
import { apiAvailable } from '../facts/api-lookup';
import { addKeywordArgument, fix, sslModule } from '../fixes/edits';

/** SSL203: a standard-library client that will not verify the server on some targeted version. */
export const clientUnverifiedByDefault: Rule = {
  code: 'SSL203',
  name: 'client-unverified-by-default',
  summary: 'a standard-library TLS client that does not verify certificates without an explicit context',
  defaultSeverity: 'warning',
  aliases: { bandit: [], ruff: [] },
  docs: {
    whatItDoes:
      'Checks calls to the standard library\'s TLS clients that are given no `context` (or a context known not to verify) where that client does not verify the server on some targeted Python version. `smtplib`, `imaplib`, `poplib`, `ftplib` and `nntplib` never verify without a context; `http.client`, `urllib.request` and `xmlrpc.client` verify from 2.7.9 and 3.4.3 (PEP 476).',
    whyIsThisBad:
      'These clients encrypt the connection but accept any certificate, so a network attacker can impersonate the mail or file server and collect the credentials the client sends.',
    example: '```python\nimport smtplib\n\nwith smtplib.SMTP_SSL("mail.example.com") as smtp:\n    smtp.login(user, password)\n```',
    useInstead:
      '```python\nimport smtplib, ssl\n\nwith smtplib.SMTP_SSL("mail.example.com", context=ssl.create_default_context()) as smtp:\n    smtp.login(user, password)\n```',
    references: ['https://peps.python.org/pep-0476/', 'https://github.com/python/cpython/issues/91826', 'https://nvd.nist.gov/vuln/detail/CVE-2014-9365'],
    fixSafety:
      'Passing `ssl.create_default_context()` makes the client verify the server\'s certificate and host name, so connections to servers with self-signed or mismatched certificates start failing until the right CA is loaded.',
  },
  check({ model, target, report }) {
    for (const call of model.calls) {
      const callee = call.callee;
      if (!callee) continue;
      const client = clientCalledBy(callee);
      if (!client) continue;
      const ctxArg = argument(call, client.contextParameter, client.contextPosition ?? undefined);
      if (ctxArg) {
        const why = unverifiedContext(model, ctxArg);
        if (why) report({ node: call.function, message: `${client.call}() is given ${why}, so it does not verify the server's certificate.` });
        continue;
      }
      if (call.hasStarArgs) continue;
      const failing = target.versions.filter((v) => !client.verifiesIn(v));
      if (failing.length === 0) continue;
      const param = `${client.contextParameter}=`;
      let message: string;
      if (client.verifiesFrom.length === 0) {
        message = `${client.call}() without ${param} does not verify the server's certificate or host name on any Python version; pass ${param}ssl.create_default_context().`;
      } else {
        const from = client.verifiesFrom.map(formatVersion).join(' / ');
        message = `${client.call}() without ${param} verifies certificates only from Python ${from} (PEP 476), and ${targetRangeText(target)} includes ${formatVersion(failing[0])}; pass ${param}ssl.create_default_context().`;
      }
      report({ node: call.function, message, fixes: contextFix(model, call, client.contextParameter, target) });
    }
  },
};

/** Passes `context=ssl.create_default_context()` (or `ssl_context=`), adding `import ssl` when needed. */
function contextFix(model: ModuleModel, call: CallInfo, parameter: string, target: Target): Fix[] | undefined {
  if (!apiAvailable('ssl.create_default_context', target)) return undefined;
  const ssl = sslModule(model);
  const f = fix(
    `Pass ${parameter}=${ssl.prefix}.create_default_context() (changes behaviour: the server's certificate and host name are verified)`,
    [addKeywordArgument(model, call.node, parameter, `${ssl.prefix}.create_default_context()`), ...(ssl.importEdit ? [ssl.importEdit] : [])],
    false,
  );
  return f ? [f] : undefined;
}

/** Says why a context argument is known not to verify, or returns undefined. */
function unverifiedContext(model: ModuleModel, node: SyntaxNode): string | undefined {
  const candidates = node.type === 'call' ? [node] : model.valuesOf(node);
  for (const v of candidates) {
    if (v.type !== 'call') continue;
    const callee = model.calleeOf(v);
    if (callee === 'ssl._create_unverified_context' || callee === 'ssl._create_stdlib_context') return `a context from ${callee}()`;
  }
  const key = model.objectKey(node);
  if (key) {
    for (const w of model.objectFacts(key).writes) {
      const q = model.qualify(w.value);
      if (w.attribute === 'verify_mode' && (q === 'ssl.CERT_NONE' || q === 'ssl.VerifyMode.CERT_NONE')) return 'a context whose verify_mode is CERT_NONE';
    }
  }
  return undefined;
}
