import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ROLES_KEY, RequestWithCaller } from './auth.decorators';
import { Role } from './caller';
import { TokensService } from './tokens.service';

interface HttpRequest extends RequestWithCaller {
  headers: Record<string, string | string[] | undefined>;
}

/** Global guard: resolves the bearer token, enforces `@Auth(...)` roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const header = request.headers.authorization;
    const secret = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;

    if (!roles) {
      // Public route: a valid token only adds knowledge of the caller.
      if (secret) request.caller = (await this.tokens.resolve(secret)) ?? undefined;
      return true;
    }
    if (!secret) throw new UnauthorizedException({ message: 'A bearer token is required', code: 'TOKEN_MISSING' });
    const caller = await this.tokens.resolve(secret);
    if (!caller) throw new UnauthorizedException({ message: 'The bearer token is not valid', code: 'TOKEN_INVALID' });
    request.caller = caller;
    if (!roles.includes(caller.role)) {
      throw new ForbiddenException({
        message: `This action needs the ${roles.join(' or ')} role`,
        code: 'ROLE_FORBIDDEN',
      });
    }
    return true;
  }
}
