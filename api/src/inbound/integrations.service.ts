import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AuthContext } from '../auth/auth-context.js';
import { hashSecret } from '../auth/token-hash.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import {
  toIntegrationDto,
  type CreatedIntegrationDto,
  type CreateIntegrationDto,
  type IntegrationDto,
  type RotatedAddressDto,
  type RotatedSecretDto,
} from './integrations.dto.js';
import { IntegrationsRepository } from './integrations.repository.js';
import { newWebhookSecret } from './standard-webhook.js';

/** The local part every integration address starts with: `briefings+<token>@domain`. */
export const MAILBOX = 'briefings';
/** The path signed deliveries are posted to (the integration is named in its query). */
export const WEBHOOK_PATH = '/api/hooks/briefings';

/** 160 random bits in lower-case hex: mail systems may fold an address's case, so the token has none. */
export function newEmailToken(): string {
  return randomBytes(20).toString('hex');
}

/** Admin management of inbound integrations (the controller admits admins only). */
@Injectable()
export class IntegrationsService {
  constructor(
    private readonly integrations: IntegrationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(): Promise<IntegrationDto[]> {
    return (await this.integrations.list()).map((row) =>
      toIntegrationDto(row, this.webhookUrl(row.id)),
    );
  }

  async create(auth: AuthContext, dto: CreateIntegrationDto): Promise<CreatedIntegrationDto> {
    const visibility = dto.visibility ?? 'team';
    // A team-wide integration shares with everyone: groups would mean nothing.
    const groupIds = visibility === 'team' ? [] : [...new Set(dto.groupIds ?? [])];
    if (visibility === 'restricted' && groupIds.length === 0) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'A restricted integration needs at least one group in groupIds.',
        [{ field: 'groupIds', problems: ['at least one group is required when restricted'] }],
      );
    }
    const token = newEmailToken();
    const webhookSecret = newWebhookSecret();
    let id: string;
    try {
      id = await this.integrations.create({
        name: dto.name,
        series: dto.series,
        visibility,
        groupIds,
        emailTokenHash: hashSecret(token),
        webhookSecret,
        createdBy: auth.user.id,
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23503')
        throw new DomainError('VALIDATION_FAILED', 'groupIds names a group that does not exist.', [
          { field: 'groupIds', problems: ['names a group that does not exist'] },
        ]);
      throw error;
    }
    return { integration: await this.get(id), emailAddress: this.address(token), webhookSecret };
  }

  async rotateSecret(id: string): Promise<RotatedSecretDto> {
    const webhookSecret = newWebhookSecret();
    if (!(await this.integrations.setWebhookSecret(id, webhookSecret)))
      await this.refuseRotation(id);
    return { integration: await this.get(id), webhookSecret };
  }

  async rotateAddress(id: string): Promise<RotatedAddressDto> {
    const token = newEmailToken();
    if (!(await this.integrations.setEmailTokenHash(id, hashSecret(token))))
      await this.refuseRotation(id);
    return { integration: await this.get(id), emailAddress: this.address(token) };
  }

  /** Stops both channels at once; the record stays, so the list still shows what it did. */
  async revoke(id: string): Promise<void> {
    if (!(await this.integrations.revoke(id))) throw notFound();
  }

  private async get(id: string): Promise<IntegrationDto> {
    const row = await this.integrations.find(id);
    if (!row) throw notFound();
    return toIntegrationDto(row, this.webhookUrl(row.id));
  }

  private async refuseRotation(id: string): Promise<never> {
    if (await this.integrations.find(id))
      throw new DomainError('CONFLICT', 'This integration is revoked: create a new one instead.');
    throw notFound();
  }

  private address(token: string): string | null {
    const domain = this.config.inboundMail?.domain;
    return domain ? `${MAILBOX}+${token}@${domain}` : null;
  }

  private webhookUrl(id: string): string {
    return new URL(`${WEBHOOK_PATH}?integration=${id}`, this.config.publicUrl).toString();
  }
}

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No such integration.');
}
