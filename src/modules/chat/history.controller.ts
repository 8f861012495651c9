import { Controller, Delete, Get, Query, UseGuards, UseInterceptors } from '@nestjs/common';
import { Admit, AdmissionInterceptor } from '../admission/admission.interceptor';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiBadRequestResponse,
} from '@nestjs/swagger';
import { OwnUserId } from '../../common/auth/current-user.decorator';
import { JwtAuthGuard } from '../../common/auth/jwt-auth.guard';
import { toPublicMessage } from '../memory/chat-message';
import { MemoryService } from '../memory/memory.service';
import {
  DeleteHistoryResponseDto,
  ErrorResponseDto,
  HistoryResponseDto,
} from './dto/api-models.dto';
import { DeleteHistoryQueryDto, HistoryQueryDto } from './dto/history-query.dto';

@ApiTags('history')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing or bad token' })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'user_id is not the token’s sub' })
@ApiParam({ name: 'user_id', description: 'Must be the token’s sub' })
@UseGuards(JwtAuthGuard)
@UseInterceptors(AdmissionInterceptor)
@Controller('chat/history/:user_id')
export class HistoryController {
  constructor(private readonly memory: MemoryService) {}

  @Get()
  @Admit('history')
  @ApiOkResponse({
    type: HistoryResponseDto,
    description: 'The newest `limit` messages, oldest first',
  })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async history(
    @OwnUserId() userId: string,
    @Query() q: HistoryQueryDto,
  ): Promise<HistoryResponseDto> {
    if (q.conversation_id) await this.memory.getOwnConversation(userId, q.conversation_id);
    const messages = (
      await this.memory.history(userId, { limit: q.limit, conversationId: q.conversation_id })
    ).map(toPublicMessage);
    return { user_id: userId, messages, count: messages.length };
  }

  @Delete()
  @Admit('history')
  @ApiOkResponse({
    type: DeleteHistoryResponseDto,
    description: 'Gone from the cache and the database',
  })
  async clear(
    @OwnUserId() userId: string,
    @Query() q: DeleteHistoryQueryDto,
  ): Promise<DeleteHistoryResponseDto> {
    if (q.conversation_id) await this.memory.getOwnConversation(userId, q.conversation_id);
    return { user_id: userId, deleted: await this.memory.deleteHistory(userId, q.conversation_id) };
  }
}
