import data from '../../../data/protocols.json';
import { protocolFloorFrom } from './defaults';
import type { PyVersion } from '../types';

export interface ProtocolInfo {
  key: string;
  label: string;
  insecure: boolean;
  reason: string;
}

export interface ProtocolName {
  kind: 'pinned' | 'negotiating' | 'version' | 'lowest';
  protocol?: string;
  role?: 'client' | 'server';
}

const protocols = data.protocols as Record<string, { label: string; insecure: boolean; reason: string }>;
const names = data.names as Record<string, ProtocolName>;
const disabling = data.disabling_options as Record<string, { protocol: string }>;
const parameters = data.protocol_parameters as Record<string, { name: string; position: number }>;

/** Facts about protocol-selecting names: PROTOCOL_*, TLSVersion members, pyOpenSSL methods, OP_NO_* flags. */
export const protocolFacts = {
  protocol(key: string): ProtocolInfo {
    const p = protocols[key];
    return { key, label: p?.label ?? key, insecure: p?.insecure ?? false, reason: p?.reason ?? '' };
  },

  /** What a qualified name selects, if it is a protocol constant. */
  name(qualified: string): ProtocolName | undefined {
    return names[qualified];
  },

  /** The protocol an OP_NO_* flag turns off, if the name is such a flag. */
  disabledBy(qualified: string): ProtocolInfo | undefined {
    const d = disabling[qualified];
    return d ? protocolFacts.protocol(d.protocol) : undefined;
  },

  /** Where a call takes its protocol argument. */
  protocolParameter(callee: string): { name: string; position: number } | undefined {
    return parameters[callee];
  },

  /** The first Python release whose SSLContext refuses TLS 1.0 and 1.1 by default (data/defaults.json). */
  defaultFloorFrom(): PyVersion {
    return protocolFloorFrom();
  },
};
