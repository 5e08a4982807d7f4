import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import { CurrentAuth } from '../auth/current-auth.decorator.js';
import {
  CommentDto,
  CommentIdParams,
  CreateCommentDto,
  EditCommentDto,
  MentionableListDto,
  MentionQuery,
  ReactionParams,
  ReadPositionDto,
  RevisionListDto,
  ThreadDto,
  ThreadIdParams,
  ThreadListPageDto,
  ThreadListQuery,
  ThreadPageDto,
  ThreadPageQuery,
  UpdateThreadDto,
} from './discussions.dto.js';
import { DiscussionsService } from './discussions.service.js';
import { UserThrottlerGuard } from './user-throttler.guard.js';

@ApiTags('discussions')
@ApiBearerAuth()
@Controller()
export class DiscussionsController {
  constructor(private readonly service: DiscussionsService) {}

  @Get('threads')
  @Access('viewer')
  @ApiOkResponse({ type: ThreadListPageDto })
  listThreads(@CurrentAuth() auth: AuthContext, @Query() query: ThreadListQuery) {
    return this.service.list(auth, query);
  }

  @Get('threads/:id')
  @Access('viewer')
  @ApiOkResponse({ type: ThreadPageDto, description: 'Comments in ascending seq.' })
  getThread(
    @CurrentAuth() auth: AuthContext,
    @Param() params: ThreadIdParams,
    @Query() query: ThreadPageQuery,
  ): Promise<ThreadPageDto> {
    return this.service.page(auth, params.id, query.afterSeq, query.limit);
  }

  @Post('threads/:id/comments')
  @Access('member')
  @SkipThrottle({ default: true })
  @UseGuards(UserThrottlerGuard)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key returns the first result.',
  })
  @ApiCreatedResponse({ type: CommentDto })
  async postComment(
    @CurrentAuth() auth: AuthContext,
    @Param() params: ThreadIdParams,
    @Body() dto: CreateCommentDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommentDto> {
    const result = await this.service.postComment(auth, params.id, dto, idempotencyKey);
    void reply.status(result.status);
    return result.comment;
  }

  @Patch('threads/:id')
  @Access('member')
  @ApiOkResponse({ type: ThreadDto })
  updateThreadState(
    @CurrentAuth() auth: AuthContext,
    @Param() params: ThreadIdParams,
    @Body() dto: UpdateThreadDto,
  ): Promise<ThreadDto> {
    return this.service.update(auth, params.id, dto);
  }

  @Put('threads/:id/follow')
  @HttpCode(204)
  @Access('viewer')
  @ApiNoContentResponse({ description: 'Following.' })
  followThread(@CurrentAuth() auth: AuthContext, @Param() params: ThreadIdParams): Promise<void> {
    return this.service.follow(auth, params.id, true);
  }

  @Delete('threads/:id/follow')
  @HttpCode(204)
  @Access('viewer')
  @ApiNoContentResponse({ description: 'No longer following.' })
  unfollowThread(@CurrentAuth() auth: AuthContext, @Param() params: ThreadIdParams): Promise<void> {
    return this.service.follow(auth, params.id, false);
  }

  @Put('threads/:id/read')
  @HttpCode(204)
  @Access('viewer')
  @ApiNoContentResponse({ description: 'Read position stored.' })
  markThreadRead(
    @CurrentAuth() auth: AuthContext,
    @Param() params: ThreadIdParams,
    @Body() dto: ReadPositionDto,
  ): Promise<void> {
    return this.service.markRead(auth, params.id, dto.seq);
  }

  @Post('items/:id/thread')
  @Access('member')
  @ApiCreatedResponse({ type: ThreadDto, description: 'Opened now.' })
  @ApiOkResponse({ type: ThreadDto, description: 'Opened before.' })
  async openItemThread(
    @CurrentAuth() auth: AuthContext,
    @Param() params: ThreadIdParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ThreadDto> {
    const result = await this.service.itemThread(auth, params.id);
    void reply.status(result.created ? 201 : 200);
    return result.thread;
  }

  @Patch('comments/:id')
  @Access('member')
  @ApiOkResponse({ type: CommentDto })
  editComment(
    @CurrentAuth() auth: AuthContext,
    @Param() params: CommentIdParams,
    @Body() dto: EditCommentDto,
  ): Promise<CommentDto> {
    return this.service.editComment(auth, params.id, dto.body);
  }

  @Delete('comments/:id')
  @HttpCode(204)
  @Access('member')
  @ApiNoContentResponse({ description: 'A tombstone stays, so its replies keep their place.' })
  deleteComment(@CurrentAuth() auth: AuthContext, @Param() params: CommentIdParams): Promise<void> {
    return this.service.deleteComment(auth, params.id);
  }

  @Get('comments/:id/revisions')
  @Access('viewer')
  @ApiOkResponse({ type: RevisionListDto })
  async listCommentRevisions(
    @CurrentAuth() auth: AuthContext,
    @Param() params: CommentIdParams,
  ): Promise<RevisionListDto> {
    return { revisions: await this.service.revisions(auth, params.id) };
  }

  @Put('comments/:id/reactions/:emoji')
  @Access('member')
  @ApiOkResponse({ type: CommentDto })
  addReaction(
    @CurrentAuth() auth: AuthContext,
    @Param() params: ReactionParams,
  ): Promise<CommentDto> {
    return this.service.react(auth, params.id, params.emoji, true);
  }

  @Delete('comments/:id/reactions/:emoji')
  @Access('member')
  @ApiOkResponse({ type: CommentDto })
  removeReaction(
    @CurrentAuth() auth: AuthContext,
    @Param() params: ReactionParams,
  ): Promise<CommentDto> {
    return this.service.react(auth, params.id, params.emoji, false);
  }

  @Get('users/mentionable')
  @Access('member')
  @ApiOkResponse({ type: MentionableListDto })
  async listMentionableUsers(@Query() query: MentionQuery): Promise<MentionableListDto> {
    return { users: await this.service.mentionable(query.q) };
  }
}
