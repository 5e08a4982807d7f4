import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import type { Role } from '../users/user.entity.js';
import type { Invite } from '../users/users.repository.js';

@Injectable()
export class InviteDeliveryRepository {
  constructor(private readonly db: Database) {}

  /**
   * Gives an unused, unrevoked invitation a new secret and expiry (the old link dies); undefined,
   * changing nothing, when there is none or its address has an active account meanwhile.
   */
  reissue(id: string, tokenHash: string, expiresAt: Date): Promise<Invite | undefined> {
    return this.db
      .updateTable('invite')
      .set({ token_hash: tokenHash, expires_at: expiresAt })
      .where('id', '=', id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('app_user')
              .select('app_user.id')
              .whereRef('app_user.email', '=', 'invite.email')
              .where('app_user.active', '=', true),
          ),
        ),
      )
      .returning([
        'id',
        'email',
        'role',
        'token_hash as tokenHash',
        'invited_by as invitedBy',
        'created_at as createdAt',
        'expires_at as expiresAt',
        'accepted_at as acceptedAt',
        'revoked_at as revokedAt',
      ])
      .$narrowType<{ role: Role }>()
      .executeTakeFirst();
  }

  /** The address of an unused, unrevoked invitation. */
  async openInviteEmail(id: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('invite')
      .select('email')
      .where('id', '=', id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row?.email;
  }
}
