import {
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Req,
  Res,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { Admit, AdmissionInterceptor, Ticket } from '../admission/admission.interceptor';
import { AdmissionService } from '../admission/admission.service';
import type { AnswerTicket } from '../admission/answer-ticket';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, OwnUserId } from '../../common/auth/current-user.decorator';
import { JwtAuthGuard } from '../../common/auth/jwt-auth.guard';
import { AppConfig } from '../../config/app-config';
import { toErrorBody } from '../../common/errors/error-response';
import { SentimentAnalyzer } from '../sentiment/sentiment.types';
import type { ChatReply } from './chat-reply';
import { ChatService } from './chat.service';
import {
  ChatReplyDto,
  ErrorResponseDto,
  SentimentDto,
  SummaryResponseDto,
} from './dto/api-models.dto';
import { ApiEventStreamResponse, ApiSendMessageErrors } from './dto/chat-api-docs';
import { AnalyzeSentimentDto, SendMessageDto } from './dto/send-message.dto';
import { SseReplyWriter } from './sse-reply.writer';
import { ConversationSummary, SummaryService } from './summary.service';

/** An AbortSignal that fires when the client goes away before the answer is complete. */
function clientGone(res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

@ApiTags('chat')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing or bad token' })
@ApiTooManyRequestsResponse({
  type: ErrorResponseDto,
  description: 'Rate limited (see Retry-After)',
})
@UseGuards(JwtAuthGuard)
@UseInterceptors(AdmissionInterceptor)
@Controller('chat')
export class ChatController {
  constructor(
    private readonly chat: ChatService,
    private readonly summaries: SummaryService,
    private readonly sentiment: SentimentAnalyzer,
    private readonly admission: AdmissionService,
    private readonly config: AppConfig,
  ) {}

  @Post('message')
  @Admit('answer')
  @HttpCode(200)
  @ApiOkResponse({ type: ChatReplyDto })
  @ApiSendMessageErrors()
  message(
    @CurrentUser() user: AuthUser,
    @Body() body: SendMessageDto,
    @Ticket() ticket: AnswerTicket,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ChatReply> {
    return this.chat.send(user, toInput(body, 'rest'), ticket, {}, clientGone(res));
  }

  @Post('message/stream')
  @Admit('answer')
  @HttpCode(200)
  @ApiEventStreamResponse()
  @ApiSendMessageErrors()
  async stream(
    @CurrentUser() user: AuthUser,
    @Body() body: SendMessageDto,
    @Ticket() ticket: AnswerTicket,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const writer = new SseReplyWriter(req, res);
    try {
      const reply = await this.chat.send(
        user,
        toInput(body, 'sse'),
        ticket,
        writer,
        clientGone(res),
      );
      await writer.done(reply);
    } catch (err) {
      if (!writer.started) throw err;
      await writer.fail(toErrorBody(err));
    }
  }

  @Get('summary/:user_id')
  @Admit('history')
  @ApiParam({ name: 'user_id', description: 'Must be the token’s sub' })
  @ApiOkResponse({ type: SummaryResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  summary(@OwnUserId() userId: string): Promise<ConversationSummary> {
    return this.summaries.summarize(userId);
  }

  @Post('analyze-sentiment')
  @HttpCode(200)
  @ApiOkResponse({ type: SentimentDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'With SENTIMENT_MODE=hybrid, the chat budget (each call may ask the LLM)',
  })
  async analyze(@CurrentUser() user: AuthUser, @Body() body: AnalyzeSentimentDto) {
    // In hybrid mode a call can cost an LLM request: it spends the user's chat budget, so this
    // route cannot run up LLM calls outside the limits that chat messages have.
    if (this.config.sentimentMode === 'hybrid') await this.admission.spend(user.id, 'chat');
    return this.sentiment.analyze(body.text);
  }
}

function toInput(body: SendMessageDto, transport: 'rest' | 'sse') {
  return {
    message: body.message,
    conversationId: body.conversation_id,
    userContext: body.user_context,
    clientMessageId: body.client_message_id,
    transport,
  };
}
