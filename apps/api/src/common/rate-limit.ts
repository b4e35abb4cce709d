import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { PUBLIC_KEY } from '../auth/auth.decorators';
import { ProblemException } from './problem';
import type { AuthenticatedRequest } from './request-context';

/**
 * Rate limits (@nestjs/throttler), after authentication: one budget per authenticated subject, one per IP address
 * (over all its callers, authenticated or not). Over a limit: 429 problem+json with the standard Retry-After header.
 * Health checks are not limited (they are @Public and skipped).
 */
@Injectable()
export class LimiteRichiesteGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Boolean(this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()]));
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const res = context.switchToHttp().getResponse<Response>();
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(detail.timeToBlockExpire))));
    const chi = detail.key.includes('-utente-') ? 'per utente' : 'per indirizzo IP';
    throw new ProblemException(
      429,
      'troppe-richieste',
      'Troppe richieste',
      `superato il limite di ${detail.limit} richieste al minuto ${chi}: riprovare tra ${Math.ceil(detail.timeToBlockExpire)} s`,
      [{ field: 'richieste', rule: 'limite-richieste', message: `al più ${detail.limit} richieste al minuto ${chi}`, limit: detail.limit }],
    );
  }
}

/** The subject an authenticated request is counted under (set by the auth guard, which runs first). */
export const trackerUtente = (req: Record<string, unknown>) => {
  const user = (req as AuthenticatedRequest).user;
  return user ? `utente:${user.sub}` : `anonimo:${(req as unknown as Request).ip ?? ''}`;
};
export const trackerIp = (req: Record<string, unknown>) => `ip:${(req as unknown as Request).ip ?? ''}`;
