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
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
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
  MentionQuery,
  ReactionParams,
  ReadPositionDto,
  ThreadDto,
  ThreadIdParams,
  ThreadListQuery,
  ThreadPageDto,
  ThreadPageQuery,
  UpdateThreadDto,
  type PersonDto,
  type RevisionDto,
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
  list(@CurrentAuth() auth: AuthContext, @Query() query: ThreadListQuery) {
    return this.service.list(auth, query);
  }

  @Get('threads/:id')
  @Access('viewer')
  page(
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
  async comment(
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
  setState(
    @CurrentAuth() auth: AuthContext,
    @Param() params: ThreadIdParams,
    @Body() dto: UpdateThreadDto,
  ): Promise<ThreadDto> {
    return this.service.setState(auth, params.id, dto);
  }

  @Put('threads/:id/follow')
  @HttpCode(204)
  @Access('viewer')
  follow(@CurrentAuth() auth: AuthContext, @Param() params: ThreadIdParams): Promise<void> {
    return this.service.follow(auth, params.id, true);
  }

  @Delete('threads/:id/follow')
  @HttpCode(204)
  @Access('viewer')
  unfollow(@CurrentAuth() auth: AuthContext, @Param() params: ThreadIdParams): Promise<void> {
    return this.service.follow(auth, params.id, false);
  }

  @Put('threads/:id/read')
  @HttpCode(204)
  @Access('viewer')
  markRead(
    @CurrentAuth() auth: AuthContext,
    @Param() params: ThreadIdParams,
    @Body() dto: ReadPositionDto,
  ): Promise<void> {
    return this.service.markRead(auth, params.id, dto.seq);
  }

  @Post('items/:id/thread')
  @Access('member')
  async itemThread(
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
  edit(
    @CurrentAuth() auth: AuthContext,
    @Param() params: CommentIdParams,
    @Body() dto: EditCommentDto,
  ): Promise<CommentDto> {
    return this.service.editComment(auth, params.id, dto.body);
  }

  @Delete('comments/:id')
  @HttpCode(204)
  @Access('member')
  remove(@CurrentAuth() auth: AuthContext, @Param() params: CommentIdParams): Promise<void> {
    return this.service.deleteComment(auth, params.id);
  }

  @Get('comments/:id/revisions')
  @Access('viewer')
  async revisions(
    @CurrentAuth() auth: AuthContext,
    @Param() params: CommentIdParams,
  ): Promise<{ revisions: RevisionDto[] }> {
    return { revisions: await this.service.revisions(auth, params.id) };
  }

  @Put('comments/:id/reactions/:emoji')
  @Access('member')
  react(@CurrentAuth() auth: AuthContext, @Param() params: ReactionParams): Promise<CommentDto> {
    return this.service.react(auth, params.id, params.emoji, true);
  }

  @Delete('comments/:id/reactions/:emoji')
  @Access('member')
  unreact(@CurrentAuth() auth: AuthContext, @Param() params: ReactionParams): Promise<CommentDto> {
    return this.service.react(auth, params.id, params.emoji, false);
  }

  @Get('users/mentionable')
  @Access('member')
  async mentionable(@Query() query: MentionQuery): Promise<{ users: PersonDto[] }> {
    return { users: await this.service.mentionable(query.q) };
  }
}
