import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '@app/domain';
import { ProblemDetails } from '../common/problem';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** An unauthenticated route (health, metrics, docs). Every other route must name its roles with @Roles. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The roles allowed on a route (any of them). */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ type: ProblemDetails, description: 'missing or invalid token' }),
    ApiForbiddenResponse({ type: ProblemDetails, description: `requires one of: ${roles.join(', ')}` }),
  );
