import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Meilisearch } from 'meilisearch';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { keepAliveHttpClient } from './keep-alive-http-client.js';

/** The Meilisearch connection; `client` is undefined when no MEILI_URL is configured. */
@Injectable()
export class SearchEngine implements OnModuleDestroy {
  readonly client: Meilisearch | undefined;
  private readonly http = keepAliveHttpClient({ timeoutMs: 5_000 });

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = config.meili
      ? new Meilisearch({
          host: config.meili.url,
          apiKey: config.meili.masterKey,
          httpClient: this.http,
        })
      : undefined;
  }

  /** True when Meilisearch answers its health check within a second. */
  async isHealthy(): Promise<boolean> {
    if (!this.client) return false;
    try {
      const health = await Promise.race([
        this.client.health(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('timeout')), 1_000).unref(),
        ),
      ]);
      return health.status === 'available';
    } catch {
      return false;
    }
  }

  onModuleDestroy(): void {
    this.http.close();
  }
}
