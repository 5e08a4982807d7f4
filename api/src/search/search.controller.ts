import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import {
  CreateSavedSearchDto,
  IdParams,
  SearchQuery,
  SynonymsDto,
  type SavedSearchDto,
  type SearchHitDto,
  type SearchResultDto,
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
  search(@CurrentAuth() auth: AuthContext, @Query() query: SearchQuery): Promise<SearchResultDto> {
    return this.service.search(auth, query);
  }

  @Get('items/:id/related')
  @Access('viewer')
  related(
    @CurrentAuth() auth: AuthContext,
    @Param() params: IdParams,
  ): Promise<{ hits: SearchHitDto[] }> {
    return this.service.related(auth, params.id);
  }

  @Get('search/synonyms')
  @Access('viewer')
  synonyms(): Promise<{ synonyms: string[][] }> {
    return this.service.synonyms();
  }

  @Put('search/synonyms')
  @Access('admin')
  replaceSynonyms(@Body() dto: SynonymsDto): Promise<{ synonyms: string[][] }> {
    return this.service.replaceSynonyms(dto.synonyms);
  }

  @Get('saved-searches')
  @Access('viewer')
  savedSearches(@CurrentAuth() auth: AuthContext): Promise<{ savedSearches: SavedSearchDto[] }> {
    return this.service.savedSearches(auth);
  }

  @Post('saved-searches')
  @Access('viewer')
  @Idempotent()
  saveSearch(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: CreateSavedSearchDto,
  ): Promise<SavedSearchDto> {
    return this.service.saveSearch(auth, dto);
  }

  @Delete('saved-searches/:id')
  @Access('viewer')
  @HttpCode(204)
  async deleteSavedSearch(
    @CurrentAuth() auth: AuthContext,
    @Param() params: IdParams,
  ): Promise<void> {
    await this.service.deleteSavedSearch(auth, params.id);
  }
}
