// What SSL_CTX_set_cipher_list does with a cipher string, following OpenSSL's ssl_ciph.c
// (ssl_create_cipher_list, ssl_cipher_process_rulestr, ssl_cipher_apply_rule): a doubly linked
// list of every available suite, each active or not, moved about by the rules of the string.
//
// Pure TypeScript, iterative throughout.

import type { LineModel, LineSuite, Mask } from './model';

export type Op = 'ADD' | 'DEL' | 'ORD' | 'BUMP' | 'KILL';

const NONE = -1;

/** The ordered list of suites; nodes are indexes into `suites`. */
export class CipherList {
  readonly suites: LineSuite[];
  next: Int32Array;
  prev: Int32Array;
  active: Uint8Array;
  head: number;
  tail: number;

  constructor(suites: LineSuite[], from?: CipherList) {
    this.suites = suites;
    const n = suites.length;
    if (from) {
      this.next = from.next.slice();
      this.prev = from.prev.slice();
      this.active = from.active.slice();
      this.head = from.head;
      this.tail = from.tail;
      return;
    }
    this.next = new Int32Array(n);
    this.prev = new Int32Array(n);
    this.active = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      this.prev[i] = i - 1;
      this.next[i] = i + 1 < n ? i + 1 : NONE;
    }
    this.head = n ? 0 : NONE;
    this.tail = n ? n - 1 : NONE;
  }

  clone(): CipherList {
    return new CipherList(this.suites, this);
  }

  private unlink(i: number): void {
    const p = this.prev[i]!;
    const n = this.next[i]!;
    if (p !== NONE) this.next[p] = n;
    else this.head = n;
    if (n !== NONE) this.prev[n] = p;
    else this.tail = p;
    this.next[i] = NONE;
    this.prev[i] = NONE;
  }

  private appendTail(i: number): void {
    if (i === this.tail) return;
    this.unlink(i);
    this.prev[i] = this.tail;
    this.next[i] = NONE;
    if (this.tail !== NONE) this.next[this.tail] = i;
    else this.head = i;
    this.tail = i;
  }

  private appendHead(i: number): void {
    if (i === this.head) return;
    this.unlink(i);
    this.next[i] = this.head;
    this.prev[i] = NONE;
    if (this.head !== NONE) this.prev[this.head] = i;
    else this.tail = i;
    this.head = i;
  }

  /** ssl_cipher_apply_rule: selection by algorithms (and suite id), or by strength bits when `strengthBits` >= 0. */
  apply(model: LineModel, sel: Mask, cipherId: number, op: Op, strengthBits = -1): void {
    const reverse = op === 'DEL' || op === 'BUMP';
    const last = reverse ? this.head : this.tail;
    let next = reverse ? this.tail : this.head;
    let curr = NONE;
    const byId = model.config.match_cipher_id && cipherId !== 0;
    const equalProtocol = model.config.protocol_match === 'equal';
    for (;;) {
      if (curr === last) break;
      curr = next;
      if (curr === NONE) break;
      next = reverse ? this.prev[curr]! : this.next[curr]!;
      const cp = this.suites[curr]!;
      if (strengthBits >= 0) {
        if (cp.bits !== strengthBits) continue;
      } else {
        if (byId && cp.id !== cipherId) continue;
        if (sel.mkey && !(sel.mkey & cp.mkey)) continue;
        if (sel.auth && !(sel.auth & cp.auth)) continue;
        if (sel.enc && !(sel.enc & cp.enc)) continue;
        if (sel.mac && !(sel.mac & cp.mac)) continue;
        if (equalProtocol) {
          if (sel.minTls && sel.minTls !== cp.minTls) continue;
        } else if (sel.ssl && !(sel.ssl & cp.ssl)) continue;
        let skip = false;
        for (const g of model.strengthGroups) {
          if (sel.strength & g.mask && !(sel.strength & g.mask & cp.strength)) {
            skip = true;
            break;
          }
        }
        if (skip) continue;
      }
      switch (op) {
        case 'ADD':
          if (!this.active[curr]) {
            this.appendTail(curr);
            this.active[curr] = 1;
          }
          break;
        case 'ORD':
          if (this.active[curr]) this.appendTail(curr);
          break;
        case 'DEL':
          if (this.active[curr]) {
            this.appendHead(curr);
            this.active[curr] = 0;
          }
          break;
        case 'BUMP':
          if (this.active[curr]) this.appendHead(curr);
          break;
        case 'KILL':
          this.unlink(curr);
          this.active[curr] = 0;
          break;
      }
    }
  }

  /** ssl_cipher_strength_sort: stable move of the active suites into descending strength bits. */
  strengthSort(model: LineModel): void {
    const used = new Set<number>();
    for (let i = this.head; i !== NONE; i = this.next[i]!) if (this.active[i]) used.add(this.suites[i]!.bits);
    const values = [...used].sort((a, b) => b - a);
    for (const bits of values) this.apply(model, EMPTY_MASK, 0, 'ORD', bits);
  }

  /** The active suites in order. */
  activeSuites(): LineSuite[] {
    const out: LineSuite[] = [];
    for (let i = this.head; i !== NONE; i = this.next[i]!) if (this.active[i]) out.push(this.suites[i]!);
    return out;
  }
}

export const EMPTY_MASK: Mask = { mkey: 0, auth: 0, enc: 0, mac: 0, ssl: 0, minTls: '', strength: 0 };

/** The list before any cipher string: every available suite inactive, in OpenSSL's preferred order. */
export function initialList(model: LineModel, available: LineSuite[]): CipherList {
  // ssl3_get_cipher(i) walks the s3_lib.c table from its end, and the table is in code-point
  // order (1.0.2 keeps it so by hand, 1.1.1 and later sort it at start-up: ssl_sort_cipher_list).
  const ordered = [...available].sort((a, b) => b.id - a.id);
  const list = new CipherList(ordered);
  for (const rule of model.preorder) {
    if (rule.op === 'STRENGTH') list.strengthSort(model);
    else list.apply(model, rule.mask, 0, rule.op as Op);
  }
  return list;
}

export interface RuleOutcome {
  ok: boolean;
  errors: string[];
  unknown: string[];
  securityLevel?: number;
}

/**
 * ssl_cipher_process_rulestr: applies one rule string to the list.  Names are looked up first
 * among the available suites, then among the aliases, as OpenSSL's ca_list is laid out.
 */
export function processRules(
  model: LineModel,
  list: CipherList,
  rules: string,
  byName: Map<string, LineSuite>,
  outcome: RuleOutcome,
): boolean {
  const len = rules.length;
  const specials = model.config.special_commands;
  let l = 0;
  let retval = true;
  while (l < len) {
    const ch = rules[l]!;
    let op: Op | 'SPECIAL';
    if (ch === '-') {
      op = 'DEL';
      l++;
    } else if (ch === '+') {
      op = 'ORD';
      l++;
    } else if (ch === '!') {
      op = 'KILL';
      l++;
    } else if (ch === '@') {
      op = 'SPECIAL';
      l++;
    } else op = 'ADD';

    if (model.separator(ch)) {
      l++;
      continue;
    }

    const sel: Mask = { ...EMPTY_MASK };
    let cipherId = 0;
    let found = false;
    let word = '';
    for (;;) {
      const start = l;
      while (l < len && model.nameChar(rules[l]!)) l++;
      word = rules.slice(start, l);
      if (word.length === 0) {
        outcome.errors.push(
          l < len
            ? `invalid command: unexpected '${rules[l]}' at offset ${l}`
            : `invalid command: a name is missing at the end`,
        );
        return false;
      }
      if (op === 'SPECIAL') break;
      let multi = false;
      if (rules[l] === '+') {
        multi = true;
        l++;
      }
      const suite = byName.get(word);
      const entry: Mask | undefined = suite ?? model.aliases.get(word);
      if (!entry) {
        found = false;
        outcome.unknown.push(word);
        break;
      }
      found = true;
      for (const cat of ['mkey', 'auth', 'enc', 'mac'] as const) {
        if (!entry[cat]) continue;
        if (sel[cat]) {
          sel[cat] &= entry[cat];
          if (!sel[cat]) found = false;
        } else sel[cat] = entry[cat];
        if (!found) break;
      }
      if (!found) break;
      for (const g of model.strengthGroups) {
        const bits = entry.strength & g.mask;
        if (!bits) continue;
        if (g.combine === 'union') sel.strength |= bits;
        else if (sel.strength & g.mask) {
          sel.strength &= bits | ~g.mask;
          if (!(sel.strength & g.mask)) {
            found = false;
            break;
          }
        } else if (g.combine === 'assign') sel.strength = bits;
        else sel.strength |= bits;
      }
      if (!found) break;
      if (suite) {
        // an explicit suite: its protocol version is not part of the pattern
        cipherId = suite.id;
      } else if (model.config.protocol_match === 'equal') {
        if (entry.minTls) {
          if (sel.minTls && sel.minTls !== entry.minTls) {
            found = false;
            break;
          }
          sel.minTls = entry.minTls;
        }
      } else if (entry.ssl) {
        if (sel.ssl) {
          sel.ssl &= entry.ssl;
          if (!sel.ssl) {
            found = false;
            break;
          }
        } else sel.ssl = entry.ssl;
      }
      if (!multi) break;
    }

    if (op === 'SPECIAL') {
      let ok = false;
      if (word === 'STRENGTH' && specials.includes('STRENGTH')) {
        list.strengthSort(model);
        ok = true;
      } else if (specials.includes('SECLEVEL') && word.length === 10 && word.startsWith('SECLEVEL=')) {
        const level = word.charCodeAt(9) - 48;
        if (level >= 0 && level <= 5) {
          outcome.securityLevel = level;
          ok = true;
        } else outcome.errors.push(`invalid command: @${word} (security levels are 0 to 5)`);
      } else {
        outcome.errors.push(
          word.startsWith('SECLEVEL') && !specials.includes('SECLEVEL')
            ? `invalid command: @${word} (OpenSSL ${model.line} has no security levels)`
            : `invalid command: @${word}`,
        );
      }
      if (!ok) retval = false;
      while (l < len && !model.separator(rules[l]!)) l++;
    } else if (found) {
      list.apply(model, sel, cipherId, op);
    } else {
      while (l < len && !model.separator(rules[l]!)) l++;
    }
  }
  return retval;
}
