import { AppConfig } from '@cohost/config';
import {
  cohostingsNoLongerCovered,
  endCohostings,
  recentlyExpiredAgreements,
  sweepPersonalData,
} from '@cohost/database';
import { JobHandler, JobResult, jobIds, QUEUES, RETENTION } from '@cohost/queue';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueues } from '../jobs/job-queues.service';

/** How often the sweep runs: hourly keeps the window exact to the hour and each run small. */
export const PRIVACY_SWEEP_EVERY_MS = 3_600_000;

/**
 * The hourly sweep (`privacy-sweep`): registrants of events that ended
 * `RETENTION_DAYS` ago are anonymized, audit entries older than
 * `AUDIT_RETENTION_DAYS` deleted (`sweepPersonalData`; partners whose webhooks
 * received an anonymized person get `registrant.erased`), and agreements that
 * reached `expiresOn` end the co-hostings they no longer cover. Each worker upserts
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
      await this.queues.queue(QUEUES.maintenance).upsertJobScheduler(
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
    const ended = await this.endExpiredCohostings();
    return {
      outcome: 'swept',
      detail:
        `${result.registrations} registration(s) and ${result.invitations} invitation(s) anonymized, ` +
        `${result.webhooksNotified} registrant.erased webhook(s) written, ` +
        `${result.auditEntries} audit entr(ies) deleted, ${ended} co-hosting(s) ended by expired agreements`,
    };
  }

  /** Agreements that reached `expiresOn`: co-hostings they no longer cover end, organizers are told (once). */
  private async endExpiredCohostings(): Promise<number> {
    const today = new Date().toISOString().slice(0, 10);
    let ended = 0;
    for (const agreement of await recentlyExpiredAgreements(this.dataSource.manager, today)) {
      ended += await this.dataSource.transaction(async (manager) => {
        const uncovered = await cohostingsNoLongerCovered(manager, agreement.id);
        const on = agreement.expiresOn!;
        return (await endCohostings(manager, agreement.id, { on, reason: 'expired' }, uncovered)).cohostings;
      });
    }
    return ended;
  }
}
