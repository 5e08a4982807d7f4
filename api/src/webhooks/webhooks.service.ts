import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.js';
import type { AuthContext } from '../auth/auth-context.js';
import { DomainError } from '../common/errors/domain-error.js';
import { newWebhookSecret } from '../inbound/standard-webhook.js';
import { OutboundGuard } from '../outbound/outbound-guard.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';
import type {
  CreatedWebhookDto,
  CreateWebhookDto,
  UpdateWebhookDto,
  WebhookDeliveryDto,
  WebhookDto,
} from './webhooks.dto.js';
import { WebhooksRepository, type DeliveryRow, type WebhookRow } from './webhooks.repository.js';

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

/** Admins manage outbound webhooks (the controller's gate); every change is audited. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly hooks: WebhooksRepository,
    private readonly guard: OutboundGuard,
    private readonly delivery: WebhookDeliveryService,
    private readonly audit: AuditLog,
  ) {}

  async list(): Promise<WebhookDto[]> {
    return (await this.hooks.list()).map(toWebhookDto);
  }

  async get(id: string): Promise<WebhookDto> {
    return toWebhookDto(await this.require(id));
  }

  async create(auth: AuthContext, dto: CreateWebhookDto): Promise<CreatedWebhookDto> {
    // An internal address is refused now, not at the first delivery (which checks again).
    const url = await this.guard.checkDestination(dto.url);
    await this.checkGroup(dto.groupId);
    const secret = newWebhookSecret();
    const id = await this.hooks.create({
      url: url.href,
      events: [...new Set(dto.events)],
      format: dto.format ?? 'json',
      secret,
      groupId: dto.groupId ?? null,
      description: dto.description ?? null,
      createdBy: auth.user.id,
    });
    const webhook = await this.get(id);
    await this.audit.record({
      actorId: auth.user.id,
      action: 'admin.webhook.created',
      targetType: 'webhook',
      targetId: id,
      details: {
        url: webhook.url,
        events: webhook.events,
        format: webhook.format,
        groupId: webhook.groupId,
      },
    });
    return { id, webhook, secret };
  }

  async update(auth: AuthContext, id: string, dto: UpdateWebhookDto): Promise<WebhookDto> {
    await this.require(id);
    const url =
      dto.url === undefined ? undefined : (await this.guard.checkDestination(dto.url)).href;
    await this.checkGroup(dto.groupId);
    await this.hooks.update(id, {
      url,
      events: dto.events && [...new Set(dto.events)],
      format: dto.format,
      groupId: dto.groupId,
      description: dto.description,
      active: dto.active,
    });
    const webhook = await this.get(id);
    // resuming sends what waited meanwhile at once
    if (dto.active) this.delivery.kick();
    await this.audit.record({
      actorId: auth.user.id,
      action: 'admin.webhook.updated',
      targetType: 'webhook',
      targetId: id,
      details: { changed: Object.keys(dto), url: webhook.url, active: webhook.active },
    });
    return webhook;
  }

  async remove(auth: AuthContext, id: string): Promise<void> {
    const hook = await this.require(id);
    if (!(await this.hooks.remove(id))) throw notFound();
    await this.audit.record({
      actorId: auth.user.id,
      action: 'admin.webhook.deleted',
      targetType: 'webhook',
      targetId: id,
      details: { url: hook.url },
    });
  }

  async deliveries(id: string): Promise<WebhookDeliveryDto[]> {
    await this.require(id);
    return (await this.hooks.deliveries(id, 100)).map(toDeliveryDto);
  }

  async replay(auth: AuthContext, id: string, deliveryId: string): Promise<WebhookDeliveryDto> {
    await this.require(id);
    // The row as the replay left it: the answer says pending even when the send that follows
    // is done before it is written.
    const row = await this.hooks.replay(id, deliveryId);
    if (!row) throw new DomainError('NOT_FOUND', 'This hook has no such delivery.');
    await this.audit.record({
      actorId: auth.user.id,
      action: 'admin.webhook.replayed',
      targetType: 'webhook',
      targetId: id,
      details: { deliveryId },
    });
    this.delivery.kick();
    return toDeliveryDto(row);
  }

  private async require(id: string): Promise<WebhookRow> {
    const hook = await this.hooks.find(id);
    if (!hook) throw notFound();
    return hook;
  }

  private async checkGroup(groupId: string | null | undefined): Promise<void> {
    if (groupId && !(await this.hooks.groupExists(groupId)))
      throw new DomainError('VALIDATION_FAILED', 'groupId is not a group.', [
        { field: 'groupId', problems: ['not a group'] },
      ]);
  }
}

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No such webhook.');
}

function toWebhookDto(row: WebhookRow): WebhookDto {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    format: row.format,
    groupId: row.groupId,
    description: row.description,
    active: row.active,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

function toDeliveryDto(row: DeliveryRow): WebhookDeliveryDto {
  return {
    id: row.id,
    event: row.event,
    state: row.state,
    attempts: row.attempts,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    nextAttemptAt: row.state === 'pending' ? iso(row.nextAttemptAt) : null,
    createdAt: new Date(row.createdAt).toISOString(),
    deliveredAt: iso(row.deliveredAt),
    attemptLog: row.attemptLog,
  };
}
