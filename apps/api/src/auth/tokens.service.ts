import { AppConfig } from '@cohost/config';
import { ApiTokenEntity, OrganizerEntity, PartnerEntity } from '@cohost/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { Caller } from './caller';
import { digestsEqual, ForbiddenError, generateSecret, NotFoundError, sha256 } from '@cohost/domain';

/** What may be shown of a token: never its secret or hash. */
export interface TokenSummary {
  id: string;
  role: 'admin' | 'organizer';
  organizerId: string | null;
  email: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface OrganizerTokens {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
  tokens: TokenSummary[];
}

const SUMMARY = {
  id: true,
  role: true,
  organizerId: true,
  email: true,
  createdAt: true,
  revokedAt: true,
} as const;

/**
 * Issues bearer tokens, resolves them to callers, lists and revokes them: the
 * one writer of `api_tokens`. `resolve` reads the row on every request (no
 * cache), so a revoked token is refused from the next request on.
 */
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
    return (await this.insert(grant, manager)).token;
  }

  private async insert(
    grant: { role: 'admin'; email: string } | { role: 'organizer'; email: string; organizerId: string },
    manager: EntityManager,
  ): Promise<{ id: string; token: string }> {
    const secret = generateSecret();
    const result = await manager.insert(ApiTokenEntity, {
      tokenHash: sha256(secret),
      role: grant.role,
      email: grant.email,
      organizerId: grant.role === 'organizer' ? grant.organizerId : null,
    });
    return { id: (result.identifiers[0] as { id: string }).id, token: secret };
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

  /** A new token for an existing organizer; the secret is returned once. */
  async issueForOrganizer(organizerId: string): Promise<{ id: string; organizerId: string; token: string }> {
    return this.tokens.manager.transaction(async (manager) => {
      const organizer = await manager.findOneBy(OrganizerEntity, { id: organizerId });
      if (!organizer) throw new NotFoundError('ORGANIZER_NOT_FOUND', `No organizer with id ${organizerId}`);
      const { id, token } = await this.insert({ role: 'organizer', email: organizer.email, organizerId }, manager);
      return { id, organizerId, token };
    });
  }

  /** The organizers of a partner with their tokens, oldest first; revoked ones included. */
  async listForPartner(partnerSlug: string): Promise<OrganizerTokens[]> {
    const partner = await this.tokens.manager.findOneBy(PartnerEntity, { slug: partnerSlug });
    if (!partner) throw new NotFoundError('PARTNER_NOT_FOUND', `No partner with slug "${partnerSlug}"`);
    const organizers = await this.tokens.manager.find(OrganizerEntity, {
      where: { partnerId: partner.id },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const tokens = organizers.length
      ? await this.tokens.find({
          where: { organizerId: In(organizers.map((o) => o.id)) },
          select: SUMMARY,
          order: { createdAt: 'ASC', id: 'ASC' },
        })
      : [];
    return organizers.map((o) => ({
      id: o.id,
      email: o.email,
      name: o.name,
      createdAt: o.createdAt,
      tokens: tokens.filter((t) => t.organizerId === o.id),
    }));
  }

  /** The hub admin tokens kept in the table (not `ADMIN_TOKEN`, which is configuration). */
  listAdmins(): Promise<TokenSummary[]> {
    return this.tokens.find({ where: { role: 'admin' }, select: SUMMARY, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** One token's summary, or a 404. */
  async summary(id: string): Promise<TokenSummary> {
    const token = await this.tokens.findOne({ where: { id }, select: SUMMARY });
    if (!token) throw new NotFoundError('TOKEN_NOT_FOUND', `No token with id ${id}`);
    return token;
  }

  /**
   * Revokes a token as `caller` may: the hub admin any token, an organizer
   * only their own (e.g. one that leaked, even the one in use).
   */
  async revokeAs(caller: Caller, id: string): Promise<TokenSummary> {
    const token = await this.summary(id);
    if (caller.role === 'organizer' && token.organizerId !== caller.organizerId) {
      throw new ForbiddenError('TOKEN_NOT_YOURS', 'Organizers can revoke only their own tokens');
    }
    return this.revoke(id);
  }

  /**
   * Revokes a token from now on; revoking it again keeps the first time.
   * Returns the token as it is afterwards.
   */
  async revoke(id: string): Promise<TokenSummary> {
    await this.tokens
      .createQueryBuilder()
      .update(ApiTokenEntity)
      .set({ revokedAt: () => 'now()' })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    return this.summary(id);
  }

  /**
   * Revokes every live token of an organizer, in the caller's transaction
   * (their deactivation): tokens that leaked before stay dead if the
   * organizer is later reactivated.
   */
  async revokeAllOf(organizerId: string, manager: EntityManager): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(ApiTokenEntity)
      .set({ revokedAt: () => 'now()' })
      .where('organizer_id = :organizerId AND revoked_at IS NULL', { organizerId })
      .execute();
    return result.affected ?? 0;
  }
}
