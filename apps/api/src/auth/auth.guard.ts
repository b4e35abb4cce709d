import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { isExternal, type Role } from '@app/domain';
import { AuthenticatedRequest } from '../common/request-context';
import { ProblemException } from '../common/problem';
import { PUBLIC_KEY, ROLES_KEY, SCOPE_KEY, Scope } from './auth.decorators';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

/**
 * Global guard, closed by default: a route is reachable only if marked @Public or given its roles with @Roles.
 * A missing or invalid token answers 401; a valid token without one of the roles answers 403, and so does an external
 * user's (promotore, ospitante, datore) on a route not scoped to the organisation it acts for (`@Scoped('soggetto')`).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles?.length) {
      throw new ProblemException(403, 'ruolo-non-ammesso', 'Accesso negato', 'questa operazione non dichiara ruoli ed è chiusa');
    }
    const req = ctx.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new ProblemException(401, 'non-autenticato', 'Autenticazione richiesta', 'inviare un token bearer nell’intestazione Authorization');
    }
    try {
      req.user = await this.verifier.verify(match[1]);
    } catch (e) {
      if (e instanceof InvalidTokenError) throw new ProblemException(401, 'token-non-valido', 'Token non valido', e.message);
      throw e;
    }
    if (!req.user.roles.some((r) => roles.includes(r))) {
      throw new ProblemException(403, 'ruolo-non-ammesso', 'Accesso negato', `serve uno dei ruoli: ${roles.join(', ')}`, [
        { field: 'roles', rule: 'ruolo-richiesto', message: `serve uno dei ruoli: ${roles.join(', ')}`, found: req.user.roles, limit: roles },
      ]);
    }
    const scopes = this.reflector.getAllAndOverride<Scope[] | undefined>(SCOPE_KEY, targets) ?? [];
    if (isExternal(req.user) && !scopes.includes('soggetto') && !scopes.includes('destinatario')) {
      throw new ProblemException(
        403,
        'ruolo-non-ammesso',
        'Accesso negato',
        "questa risorsa non è delimitata all'organizzazione per cui si agisce: non è accessibile agli utenti esterni",
      );
    }
    return true;
  }
}
