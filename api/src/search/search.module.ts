import { Global, Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { SavedSearchAlerts } from './saved-search-alerts.js';
import { SavedSearchAlertsRepository } from './saved-search-alerts.repository.js';
import { SearchDocumentsRepository } from './search-documents.repository.js';
import { SearchEmbedder } from './search-embedder.js';
import { SearchEngine } from './search-engine.js';
import { SearchIndexer } from './search-indexer.js';
import { SearchIndexes } from './search-indexes.js';
import { SearchOutboxRepository } from './search-outbox.repository.js';
import { SearchReindexer } from './search-reindexer.js';
import { SearchController } from './search.controller.js';
import { SearchRepository } from './search.repository.js';
import { SearchService } from './search.service.js';

export { SearchEngine } from './search-engine.js';

@Global()
@Module({
  imports: [JobsModule, NotificationsModule, RealtimeModule],
  controllers: [SearchController],
  providers: [
    SearchEngine,
    SearchEmbedder,
    SearchIndexes,
    SearchRepository,
    SearchDocumentsRepository,
    SearchIndexer,
    SearchOutboxRepository,
    SearchReindexer,
    SearchService,
    SavedSearchAlerts,
    SavedSearchAlertsRepository,
  ],
  exports: [SearchEngine, SearchIndexer, SearchReindexer, SearchService],
})
export class SearchModule {}
