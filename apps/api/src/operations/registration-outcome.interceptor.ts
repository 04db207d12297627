import { DomainError } from '@cohost/domain';
import { ApiMetrics, RegistrationOutcome } from '@cohost/metrics';
import {
  CallHandler,
  ExecutionContext,
  HttpException,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import { ValidationFailedException } from '../http/validation';

/**
 * Counts each registration by outcome (`cohost_registrations_total`), at the
 * edge: from the handler's result (`{status}`) or from the error it threw,
 * by the error's code. Validation runs inside (pipes run within
 * interceptors), so malformed bodies count as `VALIDATION_FAILED`; requests
 * refused by the rate limit never reach the handler and show only as 429 in
 * the HTTP histogram.
 */
@Injectable()
export class RegistrationOutcomeInterceptor implements NestInterceptor {
  constructor(private readonly metrics: ApiMetrics) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap({
        next: (value) => {
          const { status, code } = (value ?? {}) as { status?: unknown; code?: unknown };
          if (status === 'confirmed' || status === 'waitlisted') this.metrics.registration({ outcome: status });
          // A form handler that re-shows its page with the problem returns it instead of throwing.
          if (status === 'refused' && typeof code === 'string') this.metrics.registration({ outcome: 'refused', code });
        },
        error: (error: unknown) => this.metrics.registration(refusal(error)),
      }),
    );
  }
}

/** The outcome of a registration that threw: its code, as the error body would carry it. */
export function refusal(error: unknown): RegistrationOutcome {
  if (error instanceof DomainError) return { outcome: 'refused', code: error.code };
  if (error instanceof ValidationFailedException) return { outcome: 'refused', code: 'VALIDATION_FAILED' };
  if (error instanceof HttpException) return { outcome: 'refused', code: `HTTP_${error.getStatus()}` };
  return { outcome: 'refused', code: 'INTERNAL_ERROR' };
}

/** On a register handler: counts its outcomes. The handler returns the created registration (`{status}`), or `{status: 'refused', code}`. */
export const CountRegistrations = () => UseInterceptors(RegistrationOutcomeInterceptor);
