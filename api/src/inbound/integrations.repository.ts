import { Injectable } from '@nestjs/common';
import { sql, type ExpressionBuilder } from 'kysely';
import type { Visibility } from '../briefings/briefing.entity.js';
import { Database, type DB } from '../database/database.js';

export interface IntegrationRow {
  id: string;
  name: string;
  series: string;
  visibility: Visibility;
  groupIds: string[];
  createdBy: { id: string; displayName: string } | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  lastError: string | null;
  revokedAt: Date | null;
}

/** What a delivery needs: where it imports to, and the key its signature must match. */
export interface DeliveryTarget {
  id: string;
  series: string;
  visibility: Visibility;
  groupIds: string[];
  webhookSecret: string;
}

export interface NewIntegration {
  name: string;
  series: string;
  visibility: Visibility;
  groupIds: string[];
  emailTokenHash: string;
  webhookSecret: string;
  createdBy: string | null;
}

type IntegrationScope = ExpressionBuilder<DB & { i: DB['inbound_integration'] }, 'i'>;

/** The integration `i`'s groups, ordered, as a uuid[] column. */
const groupIds = (eb: IntegrationScope) =>
  eb
    .selectFrom('inbound_integration_group as g')
    .select(sql<string[]>`coalesce(array_agg(g.group_id ORDER BY g.group_id), '{}')`.as('ids'))
    .whereRef('g.integration_id', '=', 'i.id')
    .$asScalar()
    .$notNull()
    .as('groupIds');

@Injectable()
export class IntegrationsRepository {
  constructor(private readonly db: Database) {}

  async create(integration: NewIntegration): Promise<string> {
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('inbound_integration')
        .values({
          name: integration.name,
          series: integration.series,
          visibility: integration.visibility,
          email_token_hash: integration.emailTokenHash,
          webhook_secret: integration.webhookSecret,
          created_by: integration.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (integration.groupIds.length) {
        await trx
          .insertInto('inbound_integration_group')
          .values(
            integration.groupIds.map((groupId) => ({ integration_id: id, group_id: groupId })),
          )
          .execute();
      }
      return id;
    });
  }

  list(): Promise<IntegrationRow[]> {
    return this.rows()
      .orderBy('i.revoked_at', (ob) => ob.desc().nullsFirst())
      .orderBy('i.created_at', 'desc')
      .execute();
  }

  find(id: string): Promise<IntegrationRow | undefined> {
    return this.rows().where('i.id', '=', id).executeTakeFirst();
  }

  /** An integration that is not revoked, by its e-mail token's hash. */
  findActiveByEmailToken(tokenHash: string): Promise<DeliveryTarget | undefined> {
    return this.targets().where('i.email_token_hash', '=', tokenHash).executeTakeFirst();
  }

  /** An integration that is not revoked, by id. */
  findActive(id: string): Promise<DeliveryTarget | undefined> {
    return this.targets().where('i.id', '=', id).executeTakeFirst();
  }

  /** False when there is no such integration, or it is revoked. */
  async setWebhookSecret(id: string, secret: string): Promise<boolean> {
    const { numUpdatedRows } = await this.db
      .updateTable('inbound_integration')
      .set({ webhook_secret: secret })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    return numUpdatedRows > 0n;
  }

  /** False when there is no such integration, or it is revoked. */
  async setEmailTokenHash(id: string, tokenHash: string): Promise<boolean> {
    const { numUpdatedRows } = await this.db
      .updateTable('inbound_integration')
      .set({ email_token_hash: tokenHash })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    return numUpdatedRows > 0n;
  }

  /** Revokes once (a second call keeps the first time); false when there is no such integration. */
  async revoke(id: string): Promise<boolean> {
    const { numUpdatedRows } = await this.db
      .updateTable('inbound_integration')
      .set({ revoked_at: sql`coalesce(revoked_at, now())` })
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return numUpdatedRows > 0n;
  }

  /** An authenticated delivery happened: when, and why it did not import (null when it did). */
  async recordDelivery(id: string, error: string | null): Promise<void> {
    await this.db
      .updateTable('inbound_integration')
      .set({ last_used_at: sql`now()`, last_error: error })
      .where('id', '=', id)
      .execute();
  }

  /** True for the first delivery of a message to an integration; false when it came before. */
  async claimMessage(integrationId: string, messageId: string): Promise<boolean> {
    const inserted = await this.db
      .insertInto('inbound_message')
      .values({ integration_id: integrationId, message_id: messageId })
      .onConflict((oc) => oc.doNothing())
      .returning('message_id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /** A message whose import failed may be delivered again. */
  async releaseMessage(integrationId: string, messageId: string): Promise<void> {
    await this.db
      .deleteFrom('inbound_message')
      .where('integration_id', '=', integrationId)
      .where('message_id', '=', messageId)
      .execute();
  }

  private rows() {
    return this.db
      .selectFrom('inbound_integration as i')
      .leftJoin('app_user as u', 'u.id', 'i.created_by')
      .select((eb) => [
        'i.id',
        'i.name',
        'i.series',
        'i.visibility',
        groupIds(eb),
        sql<{
          id: string;
          displayName: string;
        } | null>`CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'displayName', u.display_name) END`.as(
          'createdBy',
        ),
        'i.created_at as createdAt',
        'i.last_used_at as lastUsedAt',
        'i.last_error as lastError',
        'i.revoked_at as revokedAt',
      ])
      .$narrowType<{ visibility: Visibility }>();
  }

  private targets() {
    return this.db
      .selectFrom('inbound_integration as i')
      .select((eb) => [
        'i.id',
        'i.series',
        'i.visibility',
        groupIds(eb),
        'i.webhook_secret as webhookSecret',
      ])
      .where('i.revoked_at', 'is', null)
      .$narrowType<{ visibility: Visibility }>();
  }
}
