import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { AuditLog } from '../audit/audit-log.js';
import type { AuthContext } from '../auth/auth-context.js';
import { Database } from '../database/database.js';
import { archiveStream } from './archive-export.js';

/** The admin's download of everything: the same archive as `npm run export`. */
@Injectable()
export class BackupService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Streams the archive from one connection of the app's pool, held while the download runs and
   * handed back when it ends; a download cut short discards that connection mid-transaction.
   */
  async export(auth: AuthContext): Promise<Readable> {
    const client = await this.db.pool.connect();
    await this.audit.record({ actorId: auth.user.id, action: 'admin.export.downloaded' });
    return archiveStream(client, (error) => client.release(error));
  }
}
