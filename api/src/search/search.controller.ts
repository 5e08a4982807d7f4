import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import {
  CreateSavedSearchDto,
  IdParams,
  RelatedHitsDto,
  SavedSearchDto,
  SavedSearchListDto,
  SearchQuery,
  SearchResultDto,
  SynonymsDto,
} from './search.dto.js';
import { SearchService } from './search.service.js';
import { Idempotent } from '../idempotency/idempotency.interceptor.js';

@ApiTags('search')
@ApiBearerAuth()
@Controller()
export class SearchController {
  constructor(private readonly service: SearchService) {}

  @Get('search')
  @Access('viewer')
  @ApiOkResponse({ type: SearchResultDto })
  search(@CurrentAuth() auth: AuthContext, @Query() query: SearchQuery): Promise<SearchResultDto> {
    return this.service.search(auth, query);
  }

  @Get('items/:id/related')
  @Access('viewer')
  @ApiOkResponse({ type: RelatedHitsDto, description: 'Earlier things on the same subject.' })
  listRelatedToItem(
    @CurrentAuth() auth: AuthContext,
    @Param() params: IdParams,
  ): Promise<RelatedHitsDto> {
    return this.service.related(auth, params.id);
  }

  @Get('search/synonyms')
  @Access('viewer')
  @ApiOkResponse({ type: SynonymsDto })
  getSynonyms(): Promise<SynonymsDto> {
    return this.service.synonyms();
  }

  @Put('search/synonyms')
  @Access('admin')
  @ApiOkResponse({ type: SynonymsDto })
  replaceSynonyms(@Body() dto: SynonymsDto): Promise<SynonymsDto> {
    return this.service.replaceSynonyms(dto.synonyms);
  }

  @Get('saved-searches')
  @Access('viewer')
  @ApiOkResponse({ type: SavedSearchListDto })
  listSavedSearches(@CurrentAuth() auth: AuthContext): Promise<SavedSearchListDto> {
    return this.service.savedSearches(auth);
  }

  @Post('saved-searches')
  @Access('viewer')
  @Idempotent()
  @ApiCreatedResponse({ type: SavedSearchDto })
  saveSearch(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: CreateSavedSearchDto,
  ): Promise<SavedSearchDto> {
    return this.service.saveSearch(auth, dto);
  }

  @Delete('saved-searches/:id')
  @Access('viewer')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted.' })
  async deleteSavedSearch(
    @CurrentAuth() auth: AuthContext,
    @Param() params: IdParams,
  ): Promise<void> {
    await this.service.deleteSavedSearch(auth, params.id);
  }
}
