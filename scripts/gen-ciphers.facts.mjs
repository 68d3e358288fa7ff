// Hand-maintained facts that scripts/gen-ciphers.mjs writes into data/ciphers.json next to the
// suite and alias tables it reads from OpenSSL's sources.  Each fact names where it comes from.

const S102 = 'openssl/openssl OpenSSL_1_0_2-stable (1.0.2u)';
const S111 = 'openssl/openssl OpenSSL_1_1_1-stable (1.1.1w)';
const S30 = 'openssl/openssl openssl-3.0 (3.0.18)';

// ssl_create_cipher_list(): the moves that give the cipher list its initial order before the
// cipher string is applied.  Every suite starts inactive, in reverse order of the s3_lib.c table.
const PREORDER_1_0_2 = [
  { op: 'ADD', mkey: ['kECDHE'] },
  { op: 'DEL', mkey: ['kECDHE'] },
  { op: 'ADD', enc: ['AES128', 'AES256', 'AES128GCM', 'AES256GCM'] },
  { op: 'ADD' },
  { op: 'ORD', mac: ['MD5'] },
  { op: 'ORD', auth: ['aNULL'] },
  { op: 'ORD', auth: ['aECDH'] },
  { op: 'ORD', mkey: ['kRSA'] },
  { op: 'ORD', mkey: ['kPSK'] },
  { op: 'ORD', mkey: ['kKRB5'] },
  { op: 'ORD', enc: ['RC4'] },
  { op: 'STRENGTH' },
  { op: 'DEL' },
];

const PREORDER_1_1_1 = [
  { op: 'ADD', mkey: ['kECDHE'], auth: ['aECDSA'] },
  { op: 'ADD', mkey: ['kECDHE'] },
  { op: 'DEL', mkey: ['kECDHE'] },
  { op: 'ADD', enc: ['AES128GCM', 'AES256GCM'] },
  { op: 'ADD', enc: ['CHACHA20POLY1305'] },
  // SSL_AES ^ SSL_AESGCM
  { op: 'ADD', enc: ['AES128', 'AES256', 'AES128CCM', 'AES256CCM', 'AES128CCM8', 'AES256CCM8'] },
  { op: 'ADD' },
  { op: 'ORD', mac: ['MD5'] },
  { op: 'ORD', auth: ['aNULL'] },
  { op: 'ORD', mkey: ['kRSA'] },
  { op: 'ORD', mkey: ['kPSK'] },
  { op: 'ORD', enc: ['RC4'] },
  { op: 'STRENGTH' },
  { op: 'BUMP', min_tls: 'TLSv1.2' },
  { op: 'BUMP', mac: ['AEAD'] },
  { op: 'BUMP', mkey: ['kDHE', 'kECDHE'] },
  { op: 'BUMP', mkey: ['kDHE', 'kECDHE'], mac: ['AEAD'] },
  { op: 'DEL' },
];

// ssl_security_default_callback(), SSL_SECOP_CIPHER_*: what each security level removes.
const SECURITY_LEVELS = {
  default: 1,
  default_note:
    'OPENSSL_TLS_SECURITY_LEVEL, 1 unless the build sets it (Debian and Ubuntu build OpenSSL with -DOPENSSL_TLS_SECURITY_LEVEL=2).',
  min_bits: [0, 80, 112, 128, 192, 256],
  rules: [
    { from_level: 1, drop: 'bits', reason: 'fewer strength bits than the level requires (80, 112, 128, 192, 256 bits for levels 1-5)' },
    { from_level: 1, drop: { auth: ['aNULL'] }, reason: 'no unauthenticated suites from level 1' },
    { from_level: 1, drop: { mac: ['MD5'] }, reason: 'no MD5 MAC from level 1' },
    { from_level: 2, drop: { enc: ['RC4'] }, reason: 'no RC4 from level 2' },
    { from_level: 3, keep_only: { mkey: ['kDHE', 'kECDHE', 'kDHEPSK', 'kECDHEPSK'] }, except_tls13: true, reason: 'forward-secret key exchange only from level 3' },
    { from_level: 4, drop: { mac: ['SHA1'] }, reason: 'no SHA1 MAC when the level needs more than 160 bits (level 4 and 5)' },
  ],
  sources: ['ssl/ssl_cert.c ssl_security_default_callback, ssl_get_security_level_bits', 'doc/man3/SSL_CTX_set_security_level.pod'],
};

// check_suiteb_cipher_list(): a string that starts with one of these prefixes is replaced whole.
const SUITEB = [
  { prefix: 'SUITEB128ONLY', replacement: 'ECDHE-ECDSA-AES128-GCM-SHA256' },
  { prefix: 'SUITEB128C2', replacement: 'ECDHE-ECDSA-AES256-GCM-SHA384' },
  { prefix: 'SUITEB128', replacement: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384' },
  { prefix: 'SUITEB192', replacement: 'ECDHE-ECDSA-AES256-GCM-SHA384' },
];

const TLS13_DEFAULT = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256'];

const common111 = {
  separators: ': ;,',
  name_chars: 'A-Za-z0-9.=-',
  match_cipher_id: true,
  protocol_match: 'equal',
  strength_groups: [
    { flags: ['STRONG_NONE', 'LOW', 'MEDIUM', 'HIGH', 'FIPS'], combine: 'assign' },
    { flags: ['NOT_DEFAULT'], combine: 'intersect' },
  ],
  special_commands: ['STRENGTH', 'SECLEVEL'],
  suiteb: SUITEB,
  default_cipher_list: 'ALL:!COMPLEMENTOFDEFAULT:!eNULL',
  tls13_default: TLS13_DEFAULT,
  security_levels: SECURITY_LEVELS,
  preorder: PREORDER_1_1_1,
};

export const hand = {
  description:
    'OpenSSL cipher suites and the cipher-string language of OpenSSL 1.0.2, 1.1.1 and 3.0: the suite table (names, IANA names, code points, algorithms, strength), and per release line the aliases, the default list, the initial ordering and the security levels, as SSL_CTX_set_cipher_list applies them. Suites and aliases are read from each line\'s ssl/s3_lib.c and ssl/ssl_ciph.c by scripts/gen-ciphers.mjs; the rest is in scripts/gen-ciphers.facts.mjs.',
  weak_reasons: {
    NULL: 'no encryption (eNULL)',
    anonymous: 'no server authentication (aNULL): ADH, AECDH',
    EXPORT: 'export-grade (40/56-bit keys, 512/1024-bit key exchange)',
    DES: 'single DES (56-bit key)',
    '3DES': 'triple DES: 64-bit blocks (SWEET32, CVE-2016-2183)',
    RC4: 'RC4 (RFC 7465 prohibits it)',
    RC2: 'RC2',
    IDEA: 'IDEA: 64-bit blocks, removed from TLS 1.2 (RFC 5469)',
    SEED: 'SEED: obsolete national cipher, not in TLS 1.3',
    MD5: 'HMAC-MD5 record MAC',
    'static RSA': 'RSA key transport: no forward secrecy (and ROBOT-style oracles)',
    'static DH': 'fixed (EC)DH key exchange from the certificate: no forward secrecy',
  },
  requirements: {
    'enable-weak-ssl-ciphers':
      'compiled only when OpenSSL is configured with enable-weak-ssl-ciphers (the default from 1.0.2g and in 1.1.0 and later is without them; 1.0.2 before 1.0.2g always had them)',
    krb5: 'compiled only with Kerberos support (never in default builds)',
    'gost-engine': 'usable only when a GOST engine or provider is loaded',
    'legacy-provider': 'OpenSSL 3.0 fetches this cipher only from the legacy provider, which is not loaded by default',
  },
  lines: {
    '1.0.2': {
      release: '1.0.2u',
      default_features: ['enable-weak-ssl-ciphers'],
      default_features_note:
        'EXPORT and LOW suites are modelled as present (1.0.2 to 1.0.2f, or builds with enable-weak-ssl-ciphers); SSLv2-only suites and Kerberos suites are not modelled.',
      separators: ': ;,',
      name_chars: 'A-Za-z0-9.-',
      match_cipher_id: false,
      protocol_match: 'mask',
      strength_groups: [
        { flags: ['NOT_EXP', 'EXPORT'], combine: 'intersect' },
        { flags: ['STRONG_NONE', 'EXP40', 'EXP56', 'LOW', 'MEDIUM', 'HIGH', 'FIPS'], combine: 'intersect' },
        { flags: ['NOT_DEFAULT'], combine: 'union' },
      ],
      special_commands: ['STRENGTH'],
      suiteb: SUITEB,
      default_cipher_list: 'ALL:!EXPORT:!LOW:!aNULL:!eNULL:!SSLv2',
      tls13_default: [],
      security_levels: null,
      preorder: PREORDER_1_0_2,
      sources: [
        `${S102} ssl/ssl.h SSL_DEFAULT_CIPHER_LIST`,
        `${S102} ssl/ssl_ciph.c ssl_create_cipher_list, ssl_cipher_process_rulestr, ssl_cipher_apply_rule, cipher_aliases`,
        `${S102} doc/apps/ciphers.pod`,
      ],
    },
    '1.1.1': {
      release: '1.1.1w',
      default_features: [],
      ...common111,
      sources: [
        `${S111} include/openssl/ssl.h SSL_DEFAULT_CIPHER_LIST, TLS_DEFAULT_CIPHERSUITES`,
        `${S111} ssl/ssl_ciph.c ssl_create_cipher_list, ssl_cipher_process_rulestr, ssl_cipher_apply_rule, cipher_aliases`,
        `${S111} ssl/ssl_cert.c ssl_security_default_callback`,
        `${S111} doc/man1/ciphers.pod`,
      ],
    },
    '3.0': {
      release: '3.0.18',
      default_features: [],
      ...common111,
      sources: [
        `${S30} include/openssl/ssl.h.in SSL_DEFAULT_CIPHER_LIST, TLS_DEFAULT_CIPHERSUITES`,
        `${S30} ssl/ssl_ciph.c ssl_create_cipher_list, ssl_cipher_process_rulestr, ssl_cipher_apply_rule, cipher_aliases, ssl_load_ciphers`,
        `${S30} ssl/ssl_cert.c ssl_security_default_callback`,
        `${S30} doc/man1/openssl-ciphers.pod.in`,
        'openssl ciphers -V -v ALL:COMPLEMENTOFALL:@SECLEVEL=0 (OpenSSL 3.0.19)',
      ],
    },
  },
};
