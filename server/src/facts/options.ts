import data from '../../../data/options.json';

export interface OptionFact {
  unsafeWhen: 'set' | 'cleared' | 'never';
  rule: string | null;
  reason: string;
}

const options = data.options as Record<string, { unsafe_when: string; rule: string | null; reason: string }>;

/** Facts about a context option flag (data/options.json). */
export function optionFact(qualified: string): OptionFact | undefined {
  const o = options[qualified];
  return o ? { unsafeWhen: o.unsafe_when as OptionFact['unsafeWhen'], rule: o.rule, reason: o.reason } : undefined;
}
