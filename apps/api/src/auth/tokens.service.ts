import { AppConfig } from '@cohost/config';
import { ApiTokenEntity } from '@cohost/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { Caller } from './caller';
import { digestsEqual, generateSecret, sha256 } from '@cohost/domain';

/** Issues bearer tokens and resolves them to callers. */
@Injectable()
export class TokensService {
  private readonly adminTokenDigest: Buffer | null;

  constructor(
    @InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>,
    config: AppConfig,
  ) {
    this.adminTokenDigest = config.auth.adminToken ? sha256(config.auth.adminToken) : null;
  }

  /** Stores the hash of a new secret and returns the secret, which is never stored. */
  async issue(
    grant: { role: 'admin'; email: string } | { role: 'organizer'; email: string; organizerId: string },
    manager: EntityManager = this.tokens.manager,
  ): Promise<string> {
    const secret = generateSecret();
    await manager.insert(ApiTokenEntity, {
      tokenHash: sha256(secret),
      role: grant.role,
      email: grant.email,
      organizerId: grant.role === 'organizer' ? grant.organizerId : null,
    });
    return secret;
  }

  /** The caller a secret belongs to, or null when it is unknown or revoked. */
  async resolve(secret: string): Promise<Caller | null> {
    const digest = sha256(secret);
    if (this.adminTokenDigest && digestsEqual(digest, this.adminTokenDigest)) return { role: 'admin', email: null };

    const token = await this.tokens.findOne({
      where: { tokenHash: digest, revokedAt: IsNull() },
      relations: { organizer: { partner: true } },
    });
    // The lookup is by digest; compare again in constant time before trusting it.
    if (!token || !digestsEqual(token.tokenHash, digest)) return null;
    if (token.role === 'admin') return { role: 'admin', email: token.email };
    const organizer = token.organizer;
    // A deactivated organizer's tokens stop working with the deactivation.
    if (!organizer?.partner || organizer.deactivatedAt) return null;
    return {
      role: 'organizer',
      organizerId: organizer.id,
      email: organizer.email,
      partnerId: organizer.partnerId,
      partnerSlug: organizer.partner.slug,
    };
  }
}
