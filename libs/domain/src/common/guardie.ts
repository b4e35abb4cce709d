import type { Actor, Role } from '../auth/roles';
import type { RuleViolation } from './violation';

/**
 * The checks every procedure's machine makes before a step: the state it may come in, the role and the office of
 * whoever takes it, and the reason it must give. One version of each: a procedure words the message in its own terms
 * (its noun, its phrasing), while the rule, the field, what was found and the limit are the same in every procedure,
 * so the API and the clients read every such refusal alike. Each returns the violations (none when the step passes).
 */

/** 'stato-non-ammesso': the step is allowed only in `ammessi`; `messaggio` says it for the procedure. */
export function guardiaStato<S extends string>(stato: S, ammessi: readonly S[], messaggio: string): RuleViolation[] {
  return ammessi.includes(stato) ? [] : [{ rule: 'stato-non-ammesso', field: 'stato', message: messaggio, found: stato, limit: ammessi }];
}

/** 'ruolo-non-ammesso': the actor must hold one of `ammessi`. */
export function guardiaRuolo(actor: Pick<Actor, 'roles'>, ammessi: readonly Role[], messaggio: string): RuleViolation[] {
  return actor.roles.some((r) => ammessi.includes(r))
    ? []
    : [{ rule: 'ruolo-non-ammesso', field: 'roles', message: messaggio, found: actor.roles, limit: ammessi }];
}

/** 'ufficio-competente': the actor must act for the office the case belongs to (`field`: where the API reads it). */
export function guardiaUfficio(actor: Pick<Actor, 'office'>, ufficio: string, messaggio: string, field = 'office'): RuleViolation[] {
  return actor.office === ufficio ? [] : [{ rule: 'ufficio-competente', field, message: messaggio, found: actor.office, limit: ufficio }];
}

/**
 * 'motivazione-minima': a reason of at least `minimo` characters once trimmed. Returns the trimmed reason (what the
 * step records) with the violations.
 */
export function guardiaMotivo(testo: string | undefined, field: string, minimo: number): { motivo: string; violations: RuleViolation[] } {
  const motivo = (testo ?? '').trim();
  return {
    motivo,
    violations:
      motivo.length >= minimo
        ? []
        : [{ rule: 'motivazione-minima', field, message: `serve una motivazione di almeno ${minimo} caratteri`, found: motivo.length, limit: minimo }],
  };
}
