/**
 * Every PostgreSQL advisory lock Briefroom takes, in one place so that no two uses share a key.
 * The values spell short ASCII tags ("brm", "brmr", …), readable in `pg_locks.objid`.
 */
export enum AdvisoryLock {
  /** Migrations at start-up: one process applies them, the others wait. */
  Migrations = 0x62726d, // "brm"
  /** A reminder pass: one process at a time across replicas. */
  Reminders = 0x62726d72, // "brmr"
  /** A saved-search alert pass. */
  SavedSearchAlerts = 0x62727361, // "brsa"
  /** The search outbox drain (one drainer across processes keeps index writes in commit order); a reindex waits for it. */
  SearchIndexer = 0x62727378, // "brsx"
  /** First key of the two-key lock on a briefing's title and date during an import. */
  BriefingIdentity = 0x62726269, // "brbi"
}
