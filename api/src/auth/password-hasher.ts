import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/** An argon2id hash of the password at the configured cost. */
export function hashPassword(cost: AppConfig['passwordHash'], password: string): Promise<string> {
  return argon2.hash(password, {
    type: argon2.argon2id,
    memoryCost: cost.memoryKib,
    timeCost: cost.timeCost,
    parallelism: cost.parallelism,
  });
}

@Injectable()
export class PasswordHasher {
  /** Verifying against this when no user matches keeps sign-in timing from revealing which emails exist. */
  private readonly decoy: Promise<string>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.decoy = this.hash('decoy-password-for-timing');
  }

  hash(password: string): Promise<string> {
    return hashPassword(this.config.passwordHash, password);
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash ?? (await this.decoy), password);
    } catch {
      return false;
    }
  }
}
