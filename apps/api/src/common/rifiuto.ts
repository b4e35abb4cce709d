import type { RuleViolation } from '@app/domain';
import { ProblemException } from './problem';
import { statusOfViolations, violationsToErrors } from './problem.filter';

/**
 * A request the rules refuse, the one way a service says so: 403, 409 or 422 by the most severe kind among the
 * violations (each rule declares its kind once, in its catalogue), every violation listed in `errors`.
 */
export function rifiuto(titolo: string, violations: RuleViolation[], dettaglio = violations.map((v) => v.message).join('; ')): ProblemException {
  return new ProblemException(statusOfViolations(violations), 'regola-violata', titolo, dettaglio, violationsToErrors(violations));
}
