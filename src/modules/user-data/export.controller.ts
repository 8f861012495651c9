import { Controller, Get, Logger, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { Admit, AdmissionInterceptor } from '../admission/admission.interceptor';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { once } from 'node:events';
import { OwnUserId } from '../../common/auth/current-user.decorator';
import { JwtAuthGuard } from '../../common/auth/jwt-auth.guard';
import { ErrorResponseDto } from '../chat/dto/api-models.dto';
import { ExportResponseDto } from './export.dto';
import { ExportService, ExportSink } from './export.service';

/** Writes to the HTTP response, waiting for it to drain: the client sets the pace. */
export function responseSink(res: Response): ExportSink {
  return {
    get closed() {
      return res.destroyed || res.writableEnded;
    },
    async write(piece: string) {
      if (res.destroyed) return;
      if (!res.write(piece)) {
        // The wait that loses the race is cancelled: its listeners would otherwise stay on the
        // response, one pair per wait, for the whole export.
        const waits = new AbortController();
        try {
          await Promise.race([
            once(res, 'drain', { signal: waits.signal }),
            once(res, 'close', { signal: waits.signal }),
          ]);
        } finally {
          waits.abort();
        }
      }
    },
  };
}

@ApiTags('history')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@UseInterceptors(AdmissionInterceptor)
@Controller('chat/export/:user_id')
export class ExportController {
  private readonly logger = new Logger('ExportController');

  constructor(private readonly exports: ExportService) {}

  @Get()
  @Admit('history')
  @ApiParam({ name: 'user_id', description: 'Must be the token’s sub' })
  @ApiProduces('application/json')
  @ApiOkResponse({
    type: ExportResponseDto,
    description:
      'Everything the user has: conversations and their messages, oldest first, streamed',
  })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing or bad token' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'user_id is not the token’s sub' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'History rate limit' })
  async export(@OwnUserId() userId: string, @Res() res: Response): Promise<void> {
    const first = await this.exports.firstConversations(userId);
    res.status(200);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', 'attachment; filename="chat-export.json"');
    try {
      await this.exports.write(userId, first, responseSink(res));
      res.end();
    } catch (err) {
      // Headers are gone: a cut connection is the only honest signal (the JSON stays invalid).
      this.logger.warn(
        { user_id: userId },
        `export failed midway: ${err instanceof Error ? err.message : 'error'}`,
      );
      res.destroy();
    }
  }
}
