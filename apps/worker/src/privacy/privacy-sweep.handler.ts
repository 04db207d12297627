import { AppConfig } from '@cohost/config';
import { sweepPersonalData } from '@cohost/database';
import { JobHandler, JobResult, jobIds, QUEUES, RETENTION } from '@cohost/queue';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueues } from '../jobs/job-queues.service';

/** How often the sweep runs: hourly keeps the window exact to the hour and each run small. */
export const PRIVACY_SWEEP_EVERY_MS = 3_600_000;

/**
 * The privacy sweep (`privacy-sweep`): registrants of events that ended
 * `RETENTION_DAYS` ago are anonymized, audit entries older than
 * `AUDIT_RETENTION_DAYS` deleted (`sweepPersonalData`). Each worker upserts
 * the one job scheduler at start (same id: one schedule however many workers
 * run), so a deployment needs no cron.
 */
@Injectable()
export class PrivacySweepHandler implements JobHandler<'privacy-sweep'>, OnApplicationBootstrap {
  readonly jobName = 'privacy-sweep' as const;
  private readonly logger = new Logger(PrivacySweepHandler.name);

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly queues: JobQueues,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.queues
        .queue(QUEUES.maintenance)
        .upsertJobScheduler(
          jobIds.privacySweep,
          { every: PRIVACY_SWEEP_EVERY_MS },
          {
            name: 'privacy-sweep',
            data: {},
            opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...RETENTION },
          },
        );
    } catch (error) {
      // Redis away at start: the next worker start (or another worker) sets it; nothing is lost meanwhile.
      this.logger.warn(`could not schedule the privacy sweep: ${(error as Error).message}`);
    }
  }

  async handle(): Promise<JobResult> {
    const { retentionDays, auditRetentionDays } = this.config.privacy;
    const result = await sweepPersonalData(this.dataSource.manager, { retentionDays, auditRetentionDays });
    return {
      outcome: 'swept',
      detail: `${result.registrations} registration(s) and ${result.invitations} invitation(s) anonymized, ${result.auditEntries} audit entr(ies) deleted`,
    };
  }
}
