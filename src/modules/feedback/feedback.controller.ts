import { Body, Controller, HttpCode, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { Admit, AdmissionInterceptor } from '../admission/admission.interceptor';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { JwtAuthGuard } from '../../common/auth/jwt-auth.guard';
import { ErrorResponseDto } from '../chat/dto/api-models.dto';
import { FeedbackDto, FeedbackResponseDto } from './feedback.dto';
import { FeedbackResult, FeedbackService } from './feedback.service';

@ApiTags('feedback')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@UseInterceptors(AdmissionInterceptor)
@Controller('chat/feedback')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post()
  @Admit('history')
  @HttpCode(200)
  @ApiOkResponse({
    type: FeedbackResponseDto,
    description: 'Stored with the message; a new rating replaces the previous one',
  })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing or bad token' })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'Not an assistant message of the token’s user (never 403: ids cannot be probed)',
  })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'History rate limit' })
  rate(@CurrentUser() user: AuthUser, @Body() body: FeedbackDto): Promise<FeedbackResult> {
    return this.feedback.rate(user.id, body);
  }
}
