import { CancelTokenEntity, RegistrationEntity } from '@cohost/database';
import { digestsEqual, sha256 } from '@cohost/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const TOKEN = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * What the cancel page shows before the registrant confirms: the live
 * registration a token belongs to. Read-only (mail scanners open links);
 * the cancellation itself is `RegistrationCancellationService.cancelByToken`.
 * Unknown, malformed and used tokens all give `null`, so the page cannot tell
 * them apart either.
 */
@Injectable()
export class CancelPreviewService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(token: unknown): Promise<RegistrationEntity | null> {
    if (typeof token !== 'string' || !TOKEN.test(token)) return null;
    const presented = sha256(token);
    const row = await this.dataSource.manager.findOne(CancelTokenEntity, {
      where: { tokenHash: presented },
      relations: { registration: true },
    });
    if (!row?.registration || !digestsEqual(row.tokenHash, presented)) return null;
    return row.registration.status === 'cancelled' ? null : row.registration;
  }
}
