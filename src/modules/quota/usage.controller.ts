import { Controller, Get, UseGuards, UseInterceptors } from '@nestjs/common';
import { Admit, AdmissionInterceptor } from '../admission/admission.interceptor';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { OwnUserId } from '../../common/auth/current-user.decorator';
import { JwtAuthGuard } from '../../common/auth/jwt-auth.guard';
import { ErrorResponseDto } from '../chat/dto/api-models.dto';
import { UsageResponseDto } from './usage-response.dto';
import { QuotaService } from './quota.service';

@ApiTags('usage')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing or bad token' })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'user_id is not the token’s sub' })
@ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'History rate limit' })
@ApiParam({ name: 'user_id', description: 'Must be the token’s sub' })
@UseGuards(JwtAuthGuard)
@UseInterceptors(AdmissionInterceptor)
@Controller('chat/usage/:user_id')
export class UsageController {
  constructor(private readonly quota: QuotaService) {}

  @Get()
  @Admit('history')
  @ApiOkResponse({
    type: UsageResponseDto,
    description: 'Tokens and answers of the current UTC day',
  })
  usage(@OwnUserId() userId: string): Promise<UsageResponseDto> {
    return this.quota.usage(userId);
  }
}
