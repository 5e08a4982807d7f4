import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import {
  AtomFeedIdParams,
  AtomFeedListDto,
  AtomTokenParams,
  CreateAtomFeedDto,
  CreatedAtomFeedDto,
} from './outside-feeds.dto.js';
import { OutsideFeedsService } from './outside-feeds.service.js';

@ApiTags('feeds')
@ApiBearerAuth()
@Controller()
export class OutsideFeedsController {
  constructor(private readonly service: OutsideFeedsService) {}

  @Post('atom-feeds')
  @Access('viewer')
  @ApiCreatedResponse({
    type: CreatedAtomFeedDto,
    description:
      'A new secret Atom address for a series or for decisions; the previous one stops working.',
  })
  createAtomFeed(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: CreateAtomFeedDto,
  ): Promise<CreatedAtomFeedDto> {
    return this.service.create(auth, dto);
  }

  @Get('atom-feeds')
  @Access('viewer')
  @ApiOkResponse({
    type: AtomFeedListDto,
    description: 'The caller’s feeds (addresses are not shown again).',
  })
  async listAtomFeeds(@CurrentAuth() auth: AuthContext): Promise<AtomFeedListDto> {
    return { feeds: await this.service.list(auth) };
  }

  @Delete('atom-feeds/:id')
  @HttpCode(204)
  @Access('viewer')
  @ApiNoContentResponse({ description: 'The feed’s address stops working.' })
  revokeAtomFeed(
    @CurrentAuth() auth: AuthContext,
    @Param() params: AtomFeedIdParams,
  ): Promise<void> {
    return this.service.remove(auth, params.id);
  }

  /** Feed readers cannot sign in: the secret in the address is the credential. */
  @Get('atom/:file')
  @Access('public')
  @Header('Content-Type', 'application/atom+xml; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiProduces('application/atom+xml')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'An Atom 1.0 feed.' })
  getAtomFeed(@Param() params: AtomTokenParams): Promise<string> {
    return this.service.atom(params.file.replace(/\.xml$/, ''));
  }
}
