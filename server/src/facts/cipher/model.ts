// The suite table and the per-release rules of data/ciphers.json, turned into bit masks.
//
// Pure TypeScript: no Node-only API, so that it runs in a browser web worker too.

import table from '../../../../data/ciphers.json';

export type OpenSSLLine = '1.0.2' | '1.1.1' | '3.0';
export const OPENSSL_LINES: readonly OpenSSLLine[] = ['1.0.2', '1.1.1', '3.0'];

/** A bit list as stored in the data: names, or {not: [...]} for a complement. */
type BitList = (string | { not: string[] })[];

export interface SelectorData {
  mkey?: BitList;
  auth?: BitList;
  enc?: BitList;
  mac?: BitList;
  ssl?: BitList;
  min_tls?: string;
  strength?: string[];
}

interface LineFactsData extends SelectorData {
  name?: string;
  index: number;
  flags: string[];
  bits?: number;
  description?: string;
  requires?: string[];
}

export interface SuiteData {
  name: string;
  iana: string;
  code_point: string;
  protocol: string;
  kx: string;
  au: string;
  enc: string;
  bits: number;
  alg_bits: number;
  mac: string;
  strength: string;
  lines: string[];
  default_excluded?: boolean;
  weak: string[];
  algorithms: { mkey: BitList; auth: BitList; enc: BitList; mac: BitList };
  openssl: Record<string, LineFactsData>;
  sources: string[];
  description: string;
}

interface SecurityRuleData {
  from_level: number;
  drop?: 'bits' | SelectorData;
  keep_only?: SelectorData;
  except_tls13?: boolean;
  reason: string;
}

export interface LineData {
  release: string;
  default_features: string[];
  separators: string;
  name_chars: string;
  match_cipher_id: boolean;
  protocol_match: 'equal' | 'mask';
  strength_groups: { flags: string[]; combine: 'assign' | 'intersect' | 'union' }[];
  special_commands: string[];
  suiteb?: { prefix: string; replacement: string }[];
  default_cipher_list: string;
  tls13_default: string[];
  security_levels: null | {
    default: number;
    min_bits: number[];
    rules: SecurityRuleData[];
  };
  preorder: (SelectorData & { op: string })[];
  aliases: (SelectorData & { name: string })[];
}

interface TableData {
  weak_reasons: Record<string, string>;
  requirements: Record<string, string>;
  lines: Record<OpenSSLLine, LineData>;
  tls13: SuiteData[];
  suites: SuiteData[];
}

export const data = table as unknown as TableData;

/** A bit mask per algorithm category; 0 means "any" in a selector. */
export interface Mask {
  mkey: number;
  auth: number;
  enc: number;
  mac: number;
  /** 1.0.2: protocol bit mask (SSLv3 / TLSv1.2). */
  ssl: number;
  /** 1.1.1 and later: the exact minimum protocol, or '' for any. */
  minTls: string;
  strength: number;
}

/** One suite as a release line sees it. */
export interface LineSuite extends Mask {
  data: SuiteData;
  /** The name this line gives the suite. */
  name: string;
  id: number;
  index: number;
  bits: number;
  requires: string[];
}

export interface LineAlias extends Mask {
  name: string;
}

const CATEGORIES = ['mkey', 'auth', 'enc', 'mac', 'ssl'] as const;
type Category = (typeof CATEGORIES)[number];

/** Assigns one bit per algorithm name, separately in each category. */
class BitSpace {
  private readonly bits: Record<Category | 'strength', Map<string, number>> = {
    mkey: new Map(),
    auth: new Map(),
    enc: new Map(),
    mac: new Map(),
    ssl: new Map(),
    strength: new Map(),
  };

  bit(category: Category | 'strength', name: string): number {
    const map = this.bits[category];
    let b = map.get(name);
    if (b === undefined) {
      if (map.size >= 30) throw new Error(`too many ${category} algorithm names`);
      b = 1 << map.size;
      map.set(name, b);
    }
    return b;
  }

  /** Every bit handed out so far in a category, for complements. */
  all(category: Category | 'strength'): number {
    let m = 0;
    for (const b of this.bits[category].values()) m |= b;
    return m;
  }

  mask(category: Category, list: BitList | undefined, complements: [Category, string[]][]): number {
    if (!list) return 0;
    let m = 0;
    for (const item of list) {
      if (typeof item === 'string') m |= this.bit(category, item);
      else {
        for (const n of item.not) this.bit(category, n);
        complements.push([category, item.not]);
      }
    }
    return m;
  }

  flags(list: string[] | undefined): number {
    let m = 0;
    for (const f of list ?? []) m |= this.bit('strength', f);
    return m;
  }
}

export interface LineModel {
  line: OpenSSLLine;
  config: LineData;
  /** Every suite this line has in its table, whatever its build requirements. */
  suites: LineSuite[];
  aliases: Map<string, LineAlias>;
  /** For each strength group, its bit mask and how +-joined conditions merge it. */
  strengthGroups: { mask: number; combine: 'assign' | 'intersect' | 'union' }[];
  preorder: { op: string; mask: Mask }[];
  securityRules: { fromLevel: number; dropBits: boolean; drop?: Mask; keepOnly?: Mask; exceptTls13: boolean; reason: string }[];
  tls13: LineSuite[];
  nameChar: (c: string) => boolean;
  separator: (c: string) => boolean;
}

function codePointId(cp: string): number {
  const [hi, lo] = cp.split(',').map((x) => parseInt(x, 16));
  return ((hi ?? 0) << 8) | (lo ?? 0);
}

function charClass(spec: string): (c: string) => boolean {
  // spec is a regular-expression character class body such as "A-Za-z0-9.=-"
  const re = new RegExp(`^[${spec.replace(/[\\\]^]/g, '\\$&')}]$`);
  return (c) => re.test(c);
}

function buildLine(line: OpenSSLLine): LineModel {
  const config = data.lines[line];
  const space = new BitSpace();
  const complements: { target: Mask; category: Category; names: string[] }[] = [];

  const toMask = (sel: SelectorData, fallback?: SuiteData['algorithms']): Mask => {
    const pending: [Category, string[]][] = [];
    const m: Mask = {
      mkey: space.mask('mkey', sel.mkey ?? fallback?.mkey, pending),
      auth: space.mask('auth', sel.auth ?? fallback?.auth, pending),
      enc: space.mask('enc', sel.enc ?? fallback?.enc, pending),
      mac: space.mask('mac', sel.mac ?? fallback?.mac, pending),
      ssl: space.mask('ssl', sel.ssl, pending),
      minTls: sel.min_tls ?? '',
      strength: space.flags(sel.strength),
    };
    for (const [category, names] of pending) complements.push({ target: m, category, names });
    return m;
  };

  const suites: LineSuite[] = [];
  const tls13: LineSuite[] = [];
  for (const [list, out] of [
    [data.suites, suites],
    [data.tls13, tls13],
  ] as const) {
    for (const s of list) {
      const facts = s.openssl[line];
      if (!facts) continue;
      const m = toMask({ ...facts, strength: facts.flags }, s.algorithms);
      out.push({
        ...m,
        data: s,
        name: facts.name ?? s.name,
        id: codePointId(s.code_point),
        index: facts.index,
        bits: facts.bits ?? s.bits,
        requires: facts.requires ?? [],
      });
    }
  }

  const aliases = new Map<string, LineAlias>();
  for (const a of config.aliases) {
    if (aliases.has(a.name)) continue;
    // the mask object itself is kept: complements are filled in below
    const m = toMask(a) as LineAlias;
    m.name = a.name;
    aliases.set(a.name, m);
  }
  const preorder = config.preorder.map((r) => ({ op: r.op, mask: toMask(r) }));
  const securityRules = (config.security_levels?.rules ?? []).map((r) => ({
    fromLevel: r.from_level,
    dropBits: r.drop === 'bits',
    drop: r.drop && r.drop !== 'bits' ? toMask(r.drop) : undefined,
    keepOnly: r.keep_only ? toMask(r.keep_only) : undefined,
    exceptTls13: r.except_tls13 === true,
    reason: r.reason,
  }));
  const strengthGroups = config.strength_groups.map((g) => ({ mask: space.flags(g.flags), combine: g.combine }));

  // Complements ("~SSL_eNULL") cover every bit of the category, as OpenSSL's do.
  for (const { target, category, names } of complements) {
    let not = 0;
    for (const n of names) not |= space.bit(category, n);
    target[category] |= space.all(category) & ~not & 0x3fffffff;
    if (target[category] === 0) target[category] = 0x40000000; // matches nothing
  }

  return {
    line,
    config,
    suites,
    aliases,
    strengthGroups,
    preorder,
    securityRules,
    tls13,
    nameChar: charClass(config.name_chars),
    separator: (c) => config.separators.includes(c),
  };
}

const models = new Map<OpenSSLLine, LineModel>();

export function lineModel(line: OpenSSLLine): LineModel {
  let m = models.get(line);
  if (!m) {
    if (!data.lines[line]) throw new Error(`unknown OpenSSL line ${line}`);
    m = buildLine(line);
    models.set(line, m);
  }
  return m;
}
