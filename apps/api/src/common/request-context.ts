import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor } from '@app/domain';

export interface AuthenticatedRequest {
  id?: string;
  user?: Actor;
}

/** The authenticated caller (set by the auth guard). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const user = ctx.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('CurrentActor used on a route without authentication');
  return user;
});

/** The request id (X-Request-Id), carried into audit rows and workflow messages. */
export const RequestId = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined => ctx.switchToHttp().getRequest<AuthenticatedRequest>().id,
);
