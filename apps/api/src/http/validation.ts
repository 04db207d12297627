import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** A 400 whose body lists the messages of each invalid field. */
export class ValidationFailedException extends BadRequestException {
  constructor(readonly fields: Record<string, string[]>) {
    super(Object.values(fields).flat());
  }
}

function collect(errors: ValidationError[], parent: string, into: Record<string, string[]>): Record<string, string[]> {
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) {
      into[path] = Object.values(error.constraints).map((message) =>
        // Nested messages say "en must be ..."; name the full path instead.
        parent && message.startsWith(`${error.property} `) ? `${path}${message.slice(error.property.length)}` : message,
      );
    }
    if (error.children?.length) collect(error.children, path, into);
  }
  return into;
}

export function fieldMessages(errors: ValidationError[]): Record<string, string[]> {
  return collect(errors, '', {});
}

/** Global validation: strip nothing silently (unknown fields are 400), convert types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailedException(fieldMessages(errors)),
  });
}
