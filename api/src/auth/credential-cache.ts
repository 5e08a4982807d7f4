import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AUTH_CHANNEL, type PrincipalRow } from './auth.repository.js';

/**
 * Keeps recently verified credentials in memory so an authenticated request costs no query.
 * Correctness rests on invalidation: every revocation is NOTIFYed on AUTH_CHANNEL and each process
 * LISTENs; while the listener is down the cache is bypassed, so a revoked credential is never served.
 * Other holders of credentials (open sockets) subscribe with `onRevoked`; after the listener was
 * lost they hear `all`, since revocations may have been missed meanwhile.
 */
@Injectable()
export class CredentialCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CredentialCache.name);
  private readonly entries = new LRUCache<string, PrincipalRow>({ max: 20_000, ttl: 60_000 });
  private listener: pg.Client | undefined;
  private listening = false;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly revocationListeners = new Set<(key: string) => void>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.listening = false;
    await this.listener?.end().catch(() => undefined);
  }

  get(secretHash: string): PrincipalRow | undefined {
    return this.listening ? this.entries.get(secretHash) : undefined;
  }

  set(secretHash: string, principal: PrincipalRow): void {
    if (this.listening) this.entries.set(secretHash, principal);
  }

  /** Calls `listener` with every revocation key applied in this process, from here or elsewhere. */
  onRevoked(listener: (key: string) => void): () => void {
    this.revocationListeners.add(listener);
    return () => this.revocationListeners.delete(listener);
  }

  /** Applies a revocation key (`user:<id>`, `credential:<id>`, `briefing:<id>` or `all`) from this or another process. */
  revoke(key: string): void {
    this.evict(key);
    for (const listener of this.revocationListeners) {
      try {
        listener(key);
      } catch (error) {
        this.logger.error({ err: error }, `A revocation listener failed on ${key}`);
      }
    }
  }

  private evict(key: string): void {
    if (key === 'all') {
      this.entries.clear();
      return;
    }
    const [kind, id] = key.split(':', 2);
    for (const [hash, principal] of this.entries.entries()) {
      if (
        (kind === 'user' && principal.userId === id) ||
        (kind === 'credential' && principal.credentialId === id)
      ) {
        this.entries.delete(hash);
      }
    }
  }

  private async listen(): Promise<void> {
    // A retry that was due when the cache closed must not open a connection nobody will end.
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: this.config.databaseUrl,
      application_name: 'briefroom-auth-listener',
    });
    const lost = (error?: Error) => {
      if (!this.listening && this.listener !== client) return;
      this.listening = false;
      this.entries.clear();
      this.listener = undefined;
      if (this.closed) return;
      this.logger.warn(
        { err: error },
        'Credential cache listener lost; authenticating from the database until it returns',
      );
      this.reconnectTimer = setTimeout(() => void this.listen().catch(() => undefined), 1_000);
      this.reconnectTimer.unref();
    };
    client.on('notification', (message) => {
      if (message.channel === AUTH_CHANNEL && message.payload) this.revoke(message.payload);
    });
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${AUTH_CHANNEL}`);
      this.listener = client;
      this.listening = true;
      this.revoke('all');
    } catch (error) {
      await client.end().catch(() => undefined);
      this.listener = client;
      lost(error as Error);
    }
  }
}
