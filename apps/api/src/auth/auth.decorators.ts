import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from '../http/error-body';
import { Caller, Role } from './caller';

export const ROLES_KEY = 'cohost:roles';

/**
 * Requires a bearer token of one of the roles. Routes without it are public;
 * on those, a valid token still makes the caller known (organizers then see
 * more, e.g. join links).
 */
export function Auth(...roles: Role[]) {
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No token, or an unknown one', type: ErrorBodyDto }),
    ApiForbiddenResponse({ description: 'The token does not allow this', type: ErrorBodyDto }),
  );
}

export interface RequestWithCaller {
  caller?: Caller;
}

/** The authenticated caller (`undefined` on public routes called without a token). */
export const CurrentCaller = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<RequestWithCaller>().caller,
);
