import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseModule } from './database/database.module.js';
import { ActionsModule } from './actions/actions.module.js';
import { AdminModule } from './admin/admin.module.js';
import { AuditModule } from './audit/audit.module.js';
import { BackupModule } from './backup/backup.module.js';
import { DecisionsModule } from './decisions/decisions.module.js';
import { AuthModule } from './auth/auth.module.js';
import { PasswordResetModule } from './auth/password-reset.module.js';
import { BriefingsModule } from './briefings/briefings.module.js';
import { DiscussionsModule } from './discussions/discussions.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { GroupsModule } from './groups/groups.module.js';
import { ErrorFilter } from './common/errors/error.filter.js';
import { validationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { dataSourceOptions } from './database/data-source.js';
import { FeedsModule } from './feeds/feeds.module.js';
import { HealthModule } from './health/health.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { InboundModule } from './inbound/inbound.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RedisThrottlerStorage } from './common/throttling/redis-throttler-storage.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { RemindersModule } from './reminders/reminders.module.js';
import { SearchModule } from './search/search.module.js';
import { DomainEventsModule } from './domain-events/domain-events.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { NotificationMailModule } from './notification-mail/notification-mail.module.js';
import { OutsideFeedsModule } from './outside-feeds/outside-feeds.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl)),
        DatabaseModule,
        // Per-address limits on sign-in style routes (the per-account lock-out lives in PostgreSQL) and per-user limits on posting.
        // With REDIS_URL the counts live in Redis, so replicas share one limit.
        ThrottlerModule.forRoot({
          throttlers: [
            { name: 'default', ttl: 60_000, limit: config.authRateLimitPerMinute },
            { name: 'comments', ttl: 60_000, limit: config.commentRateLimitPerMinute },
          ],
          storage: config.redisUrl
            ? new RedisThrottlerStorage(
                config.redisUrl,
                decodeURIComponent(new URL(config.databaseUrl).pathname.slice(1)) || 'default',
              )
            : undefined,
        }),
        SearchModule,
        MetricsModule,
        HealthModule,
        AuditModule,
        BackupModule,
        IdempotencyModule,
        AuthModule,
        PasswordResetModule,
        AdminModule,
        GroupsModule,
        BriefingsModule,
        DiscussionsModule,
        NotificationsModule,
        ActionsModule,
        DecisionsModule,
        RemindersModule,
        RealtimeModule,
        FeedsModule,
        InboundModule,
        DomainEventsModule,
        WebhooksModule,
        NotificationMailModule,
        OutsideFeedsModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: (): ValidationPipe => validationPipe() },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
