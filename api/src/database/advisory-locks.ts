/**
 * Every PostgreSQL advisory lock Briefroom takes, in one place so that no two uses share a key.
 * The values spell short ASCII tags ("brm", "brsx", …), readable in `pg_locks.objid`.
 * Periodic passes (reminders, saved-search alerts) need none: the job queue runs each once at a time.
 */
export enum AdvisoryLock {
  /** Migrations at start-up: one process applies them, the others wait. */
  Migrations = 0x62726d, // "brm"
  /** The search outbox drain (one drainer across processes keeps index writes in commit order); a reindex waits for it. */
  SearchIndexer = 0x62727378, // "brsx"
  /** Creating the job queues at start-up (pg-boss's partitions deadlock when two are added at once). */
  JobQueues = 0x62726a71, // "brjq"
  /** First key of the two-key lock on a briefing's title and date during an import. */
  BriefingIdentity = 0x62726269, // "brbi"
}
