import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { OutboundFetcher } from './outbound-fetcher.js';
import { OutboundGuard } from './outbound-guard.js';

/** Requests to URLs users give (URL import, feeds, webhooks), behind the SSRF guard. */
@Module({
  providers: [
    {
      provide: OutboundGuard,
      useFactory: (config: AppConfig) => new OutboundGuard(config.outboundAllowlist),
      inject: [APP_CONFIG],
    },
    {
      provide: OutboundFetcher,
      useFactory: (guard: OutboundGuard, config: AppConfig) =>
        new OutboundFetcher(guard, `Briefroom (+${config.publicUrl.origin})`),
      inject: [OutboundGuard, APP_CONFIG],
    },
  ],
  exports: [OutboundGuard, OutboundFetcher],
})
export class OutboundModule {}
