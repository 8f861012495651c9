import { Controller, Get, Query, UseGuards, UseInterceptors } from '@nestjs/common';
import { Admit, AdmissionInterceptor } from '../admission/admission.interceptor';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { JwtAuthGuard } from '../../common/auth/jwt-auth.guard';
import { RequireRole, RolesGuard } from '../../common/auth/roles.guard';
import { ErrorResponseDto } from '../chat/dto/api-models.dto';
import { AuditQueryDto, AuditResponseDto } from './audit.dto';
import { AuditService } from './audit.service';
import type { AuditRecord } from './audit-record';

@ApiTags('audit')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard, RolesGuard)
@UseInterceptors(AdmissionInterceptor)
@RequireRole('audit')
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Admit('history')
  @ApiOkResponse({
    type: AuditResponseDto,
    description: 'One record per answer, newest first; never the text of a message',
  })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing or bad token' })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'The token’s roles claim (JWT_ROLES_CLAIM) lacks AUDIT_ROLE',
  })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto })
  list(@Query() q: AuditQueryDto): Promise<{ records: AuditRecord[]; count: number }> {
    return this.audit.list(q);
  }
}
