// `ssl-lens ciphers 'STRING' [--openssl 1.0.2|1.1.1|3.0] [--format text|json] [--seclevel N]`:
// prints the suites a cipher string selects, as OpenSSL's SSL_CTX_set_cipher_list would.

import { expandCipherString, OPENSSL_LINES, type CipherSuite, type OpenSSLLine } from './ciphers';

const USAGE =
  "usage: ssl-lens ciphers 'CIPHER STRING' [--openssl 1.0.2|1.1.1|3.0] [--format text|json] [--seclevel 0-5]";

function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

function row(s: CipherSuite): string[] {
  return [s.name, s.protocol, s.kx, s.au, `${s.enc}(${s.bits})`, s.mac, s.weak.join(', ')];
}

/** Runs the command; returns the exit status (0 suites listed, 2 nothing selected or bad usage). */
export function runCiphersCommand(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  let text: string | undefined;
  let openssl: OpenSSLLine = '3.0';
  let format: 'text' | 'json' = 'text';
  let securityLevel: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? args[++i];
    if (flag === '--openssl') {
      const v = value();
      if (!OPENSSL_LINES.includes(v as OpenSSLLine)) {
        err(`ssl-lens ciphers: --openssl must be one of ${OPENSSL_LINES.join(', ')}${v === undefined ? '' : `, not '${v}'`}\n${USAGE}\n`);
        return 2;
      }
      openssl = v as OpenSSLLine;
    } else if (flag === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json') {
        err(`ssl-lens ciphers: --format must be text or json${v === undefined ? '' : `, not '${v}'`}\n${USAGE}\n`);
        return 2;
      }
      format = v;
    } else if (flag === '--seclevel') {
      const v = value();
      if (v === undefined || !/^[0-5]$/.test(v)) {
        err(`ssl-lens ciphers: --seclevel must be 0 to 5\n${USAGE}\n`);
        return 2;
      }
      securityLevel = Number(v);
    } else if (a === '-h' || a === '--help') {
      out(`${USAGE}\n`);
      return 0;
    } else if (a === '--') {
      if (i + 1 < args.length && text === undefined) text = args[++i];
      if (i + 1 < args.length) {
        err(`ssl-lens ciphers: only one cipher string is expected\n${USAGE}\n`);
        return 2;
      }
    } else if (a.startsWith('--')) {
      err(`ssl-lens ciphers: unknown option ${a}\n${USAGE}\n`);
      return 2;
    } else if (text === undefined) {
      text = a;
    } else {
      err(`ssl-lens ciphers: only one cipher string is expected (quote it: '${text} ${a}')\n${USAGE}\n`);
      return 2;
    }
  }
  if (text === undefined) {
    err(`ssl-lens ciphers: a cipher string is required\n${USAGE}\n`);
    return 2;
  }

  const e = expandCipherString(text, openssl, securityLevel === undefined ? {} : { securityLevel });
  const notes: string[] = [];
  if (e.unknownKeywords.length) notes.push(`unknown keywords (ignored by OpenSSL): ${e.unknownKeywords.join(', ')}`);
  if (e.unavailableSuites.length)
    notes.push(`suites not available in OpenSSL ${openssl} default builds (ignored): ${e.unavailableSuites.join(', ')}`);

  if (e.suites.length === 0) {
    const why = e.errors.length ? e.errors.join('; ') : 'no cipher match';
    err(`ssl-lens ciphers: '${text}' selects no TLS 1.2-and-below suite under OpenSSL ${openssl}: ${why}\n`);
    for (const n of notes) err(`  ${n}\n`);
    return 2;
  }

  if (format === 'json') {
    const rows = e.suites.map((s) => ({
      name: s.name,
      iana: s.iana,
      protocol: s.protocol,
      kx: s.kx,
      au: s.au,
      enc: s.enc,
      bits: s.bits,
      mac: s.mac,
      weak: [...s.weak],
    }));
    out(`${JSON.stringify(rows, null, 2)}\n`);
    for (const n of notes) err(`${n}\n`);
    return 0;
  }

  const lines = table([['SUITE', 'PROTOCOL', 'KX', 'AU', 'ENC(BITS)', 'MAC', 'WEAK'], ...e.suites.map(row)]);
  const level = e.securityLevel === null ? '' : `, security level ${e.securityLevel}`;
  out(`OpenSSL ${openssl}${level}: ${e.suites.length} suite${e.suites.length === 1 ? '' : 's'} for TLS 1.2 and below, in order\n`);
  out(`${lines.join('\n')}\n`);
  if (e.tls13.length) out(`TLS 1.3 (not set by this string): ${e.tls13.map((s) => s.name).join(', ')}\n`);
  if (e.removedBySecurityLevel.length)
    out(`removed by security level ${e.securityLevel}: ${e.removedBySecurityLevel.map((r) => r.suite.name).join(', ')}\n`);
  const weak = e.suites.filter((s) => s.weak.length).length;
  if (weak) out(`${weak} of ${e.suites.length} suites are weak\n`);
  for (const n of notes) out(`${n}\n`);
  return 0;
}
