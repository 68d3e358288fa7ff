import data from '../../../data/client-verification.json';
import { compareVersions, versionFromData } from './versions';
import { memoByName } from './memo';
import { typeFacts } from './types';
import type { PyVersion } from '../types';

/** One standard-library TLS client and the versions on which it verifies certificates when given no context. */
export interface ClientFacts {
  call: string;
  contextParameter: string;
  contextPosition: number | null;
  defaultContext: string | null;
  removed: string | null;
  verifiesIn(v: PyVersion): boolean;
  /** The releases from which it verifies, per line, for messages ("2.7.9", "3.4.3"); empty when it never does. */
  verifiesFrom: PyVersion[];
}

interface RawRange {
  line: 'py2' | 'py3';
  from: string;
  until: string | null;
}

interface RawClient {
  call: string;
  context_parameter: string;
  context_position: number | null;
  verifies_by_default: RawRange[];
  default_context?: string | null;
  removed?: string | null;
}

const raw: RawClient[] = ((data as unknown as { clients?: RawClient[] }).clients ?? (data as unknown as RawClient[])) as RawClient[];

export const CLIENTS: readonly ClientFacts[] = raw.map((c) => {
  const ranges = c.verifies_by_default.map((r) => ({ from: versionFromData(r.from), until: r.until ? versionFromData(r.until) : undefined }));
  return {
    call: c.call,
    contextParameter: c.context_parameter,
    contextPosition: c.context_position,
    defaultContext: c.default_context ?? null,
    removed: c.removed ?? null,
    verifiesFrom: ranges.map((r) => r.from),
    verifiesIn(v: PyVersion): boolean {
      return ranges.some((r) => r.from.major === v.major && compareVersions(v, r.from) >= 0 && (!r.until || compareVersions(v, r.until) < 0));
    },
  };
});

/**
 * The client a resolved callee calls, directly or through inheritance (the first in the data's order),
 * remembered per callee: every call of a module asks.
 */
export const clientCalledBy = memoByName((callee): ClientFacts | null => CLIENTS.find((c) => typeFacts.isCallTo(callee, c.call)) ?? null);
