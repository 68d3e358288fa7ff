import type { Rule } from './rule';
import { insecureProtocol } from './insecure-protocol';
import { legacyProtocolReenabled } from './legacy-protocol-reenabled';
import { protocolWithoutFloor } from './protocol-without-floor';
import { certificateVerificationDisabled } from './certificate-verification-disabled';
import { hostnameCheckDisabled } from './hostname-check-disabled';
import { clientUnverifiedByDefault } from './client-unverified-by-default';
import { weakCipherSuites } from './weak-cipher-suites';
import { invalidCipherString } from './invalid-cipher-string';
import { compressionEnabled } from './compression-enabled';
import { unsafeLegacyRenegotiation } from './unsafe-legacy-renegotiation';
import { emptyFragmentsDisabled } from './empty-fragments-disabled';
import { apiNewerThanTarget } from './api-newer-than-target';
import { apiRemovedInTarget } from './api-removed-in-target';
import { apiDeprecatedInTarget } from './api-deprecated-in-target';
import { platformOnlyApi } from './platform-only-api';

/** Every rule, in code order. Adding a rule means adding it here. */
export const RULES: readonly Rule[] = [
  insecureProtocol,
  legacyProtocolReenabled,
  protocolWithoutFloor,
  certificateVerificationDisabled,
  hostnameCheckDisabled,
  clientUnverifiedByDefault,
  weakCipherSuites,
  invalidCipherString,
  compressionEnabled,
  unsafeLegacyRenegotiation,
  emptyFragmentsDisabled,
  apiNewerThanTarget,
  apiRemovedInTarget,
  apiDeprecatedInTarget,
  platformOnlyApi,
];

export function ruleByCode(code: string): Rule | undefined {
  return RULES.find((r) => r.code === code);
}

/** Finds the rule a code refers to, accepting our codes and the peers' alias codes (B502, S502). */
export function rulesForCode(code: string): Rule[] {
  const upper = code.toUpperCase();
  return RULES.filter((r) => r.code === upper || r.aliases.bandit.includes(upper) || r.aliases.ruff.includes(upper));
}
