/** The roles a caller can hold, as issued in the token's `roles` claim. */
export const ROLES = [
  'operatore',
  'responsabile',
  'promotore',
  'ospitante',
  /** An employer under L. 68/99 (collocamento mirato): its token subject is its registry id. */
  'datore',
  'ispettore',
  'dirigente',
  'amministratore',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is acting: the token's subject, roles and office. Plain data, safe to pass into workflows. */
export interface Actor {
  sub: string;
  roles: Role[];
  office: string;
}

/** Roles that may read every office's records; all others see only their own office. */
export const CROSS_OFFICE_ROLES: readonly Role[] = ['amministratore'];

/** Whether the actor holds a role that reads every office's records. */
export function seesEveryOffice(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.some((r) => CROSS_OFFICE_ROLES.includes(r));
}

export function canSeeOffice(actor: Actor, office: string): boolean {
  return actor.office === office || seesEveryOffice(actor);
}
