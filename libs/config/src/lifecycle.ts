import { INestApplicationContext } from '@nestjs/common';

/**
 * On SIGTERM or SIGINT: stop taking work, let `app.close()` run every
 * shutdown hook (HTTP server drains, BullMQ workers finish their active job),
 * then exit 0. Nest's own `enableShutdownHooks` re-raises the signal after
 * closing, which makes a clean stop look like a crash to supervisors.
 */
export function closeOnSignals(app: INestApplicationContext, log: (message: string) => void): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log(`${signal} received: finishing active work, then exiting`);
    app.close().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(`shutdown failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
