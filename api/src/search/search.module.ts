import { Global, Module } from '@nestjs/common';
import { SearchEngine } from './search-engine.js';
import { SearchIndexer } from './search-indexer.js';
import { SearchIndexes } from './search-indexes.js';
import { SearchReindexer } from './search-reindexer.js';
import { SearchController } from './search.controller.js';
import { SearchRepository } from './search.repository.js';
import { SearchService } from './search.service.js';

export { SearchEngine } from './search-engine.js';

@Global()
@Module({
  controllers: [SearchController],
  providers: [
    SearchEngine,
    SearchIndexes,
    SearchRepository,
    SearchIndexer,
    SearchReindexer,
    SearchService,
  ],
  exports: [SearchEngine, SearchIndexer, SearchReindexer, SearchService],
})
export class SearchModule {}
