import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
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
  CreateFeedDto,
  FeedEnvelopeDto,
  FeedIdParams,
  FeedListDto,
  FeedPollDto,
  UpdateFeedDto,
} from './feeds.dto.js';
import { FeedsService } from './feeds.service.js';

@ApiTags('feeds')
@ApiBearerAuth()
@Access('admin')
@Controller('feeds')
export class FeedsController {
  constructor(private readonly service: FeedsService) {}

  @Get()
  @ApiOkResponse({ type: FeedListDto, description: 'Oldest subscription first.' })
  async listFeeds(): Promise<FeedListDto> {
    return { feeds: await this.service.list() };
  }

  @Post()
  @ApiCreatedResponse({
    type: FeedEnvelopeDto,
    description: 'Subscribed; polled at the next pass (or now, with POST /feeds/:id/poll).',
  })
  async createFeed(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: CreateFeedDto,
  ): Promise<FeedEnvelopeDto> {
    return { feed: await this.service.create(auth, dto) };
  }

  @Patch(':id')
  @ApiOkResponse({ type: FeedEnvelopeDto })
  async updateFeed(
    @Param() params: FeedIdParams,
    @Body() dto: UpdateFeedDto,
  ): Promise<FeedEnvelopeDto> {
    return { feed: await this.service.update(params.id, dto) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Unsubscribed; its briefings stay.' })
  deleteFeed(@Param() params: FeedIdParams): Promise<void> {
    return this.service.remove(params.id);
  }

  @Post(':id/poll')
  @HttpCode(200)
  @ApiOkResponse({
    type: FeedPollDto,
    description:
      'Polled now: new entries imported. A failed poll answers its error (and is recorded).',
  })
  pollFeed(@Param() params: FeedIdParams): Promise<FeedPollDto> {
    return this.service.pollNow(params.id);
  }
}
