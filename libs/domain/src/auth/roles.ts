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
  /**
   * For external users (promotore, ospitante, datore): the codice fiscale or partita IVA of the organisation they
   * act for, from the token. They see and change only that organisation's records.
   */
  soggetto?: string;
}

/** Roles of people outside the offices, who act for an organisation (DOMAIN: "external users act for an organisation"). */
export const EXTERNAL_ROLES: readonly Role[] = ['promotore', 'ospitante', 'datore'];
/** Roles of the offices' own staff. */
export const STAFF_ROLES: readonly Role[] = ['operatore', 'responsabile', 'ispettore', 'dirigente', 'amministratore'];

/** An external user with no staff role: scoped to their organisation (`soggetto`), not only to their office. */
export function isExternal(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.some((r) => EXTERNAL_ROLES.includes(r)) && !actor.roles.some((r) => STAFF_ROLES.includes(r));
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

/**
 * Whether the actor acts for the organisation identified by any of these codes (its codice fiscale or partita IVA,
 * compared without regard to case). Staff, who carry no `soggetto`, act for no organisation.
 */
export function actsFor(actor: Pick<Actor, 'soggetto'>, ...codes: Array<string | null | undefined>): boolean {
  const s = actor.soggetto?.trim().toUpperCase();
  return !!s && codes.some((c) => !!c && c.trim().toUpperCase() === s);
}
