/**
 * Permanent delivery failure: retrying cannot help, the queue should fail the
 * job at once. Thrown by transports for SMTP 5xx answers and by
 * `renderMessage` for an address that cannot be written into a message safely.
 */
export class PermanentMailError extends Error {
  override readonly name = 'PermanentMailError';

  constructor(
    message: string,
    readonly responseCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
