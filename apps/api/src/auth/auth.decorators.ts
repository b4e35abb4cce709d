import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import type { Role } from '@app/domain';
import { ApiErrori } from '../common/openapi';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';
export const SCOPE_KEY = 'auth:scope';

/**
 * Whose records a route reaches (docs/accesso.md), declared next to its roles and checked by a unit test:
 * - 'ufficio': records of the caller's office; another office's answer exactly as missing ones, unless the caller's
 *   role sees every office;
 * - 'soggetto': an external user (promotore, ospitante, datore) reaches only the records of the organisation it acts
 *   for; the guard refuses external users on routes without it;
 * - 'regionale': a registry the region's offices share (organisations, employers): read across offices, written only
 *   where the record works;
 * - 'destinatario': what is addressed to the caller (notifications);
 * - 'sistema': the service as a whole, no record's content (the audit chain's verification).
 * An inspectorate is its staff's office.
 */
export type Scope = 'ufficio' | 'soggetto' | 'regionale' | 'destinatario' | 'sistema';

export const Scoped = (...scopes: Scope[]) => SetMetadata(SCOPE_KEY, scopes);

/** An unauthenticated route (health, metrics, docs). Every other route must name its roles with @Roles. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * The roles allowed on a route (any of them). What every authenticated route can answer is documented here: no or a
 * bad token (401), a role, office or organisation that may not (403), too many requests (429), a dependency down (503);
 * the roles themselves are listed in the operation's `x-ruoli`.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth(), ApiExtension('x-ruoli', roles), ApiErrori(401, 403, 429, 503));
