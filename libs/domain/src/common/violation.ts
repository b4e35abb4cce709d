import type { Regola } from './regole';

/** A rule a request broke: which rule (declared with its kind in ./regole), on which field, what was found and what the rule allows. */
export interface RuleViolation {
  rule: Regola;
  field?: string;
  message: string;
  found?: unknown;
  limit?: unknown;
}

export type Decision<T> = { ok: true; value: T } | { ok: false; violations: RuleViolation[] };

export const accept = <T>(value: T): Decision<T> => ({ ok: true, value });
export const refuse = <T = never>(...violations: RuleViolation[]): Decision<T> => ({ ok: false, violations });
