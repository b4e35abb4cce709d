import { ApplicationFailure } from '@temporalio/common';
import type { RuleViolation } from '../../libs/domain/src/common/violation';

/** ApplicationFailure type carried by a refused Update; its details are the RuleViolation list. */
export const RULE_VIOLATION = 'RuleViolation';

/**
 * A refused step: every rule it breaks, as one non-retryable failure of type RULE_VIOLATION (the API answers it as a
 * problem naming each rule). Thrown from an Update's validator, it is recorded nowhere in the history.
 */
export function rifiuto(violations: RuleViolation[]): ApplicationFailure {
  return ApplicationFailure.create({ type: RULE_VIOLATION, message: violations.map((v) => v.message).join('; '), details: violations, nonRetryable: true });
}
