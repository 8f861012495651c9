import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
} from '@nestjs/terminus';
import type { Response } from 'express';
import { NoRateLimit } from '../../common/http/no-rate-limit.decorator';
import { ErrorResponseDto } from '../chat/dto/api-models.dto';
import { HealthReportDto, LivenessDto, ReadinessDto } from './dto/health-responses.dto';
import { HealthService } from './health.service';
import { ShutdownState } from './shutdown-state';

@ApiTags('health')
@NoRateLimit()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly checks: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get()
  @ApiOkResponse({ type: HealthReportDto, description: 'healthy or degraded (the seed’s shape)' })
  @ApiServiceUnavailableResponse({
    type: HealthReportDto,
    description: 'unhealthy: the database does not answer',
  })
  async report(@Res({ passthrough: true }) res: Response) {
    const report = await this.health.report();
    res.status(report.status === 'unhealthy' ? 503 : 200);
    return report;
  }

  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({
    type: LivenessDto,
    description: 'The process answers; no dependency is touched',
  })
  live() {
    return { status: 'ok', timestamp: new Date().toISOString() };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({
    type: ReadinessDto,
    description: 'The database answers: the service can take traffic',
  })
  @ApiServiceUnavailableResponse({
    type: ErrorResponseDto,
    description: 'Database down, or shutting down (the common error body)',
  })
  ready(): Promise<HealthCheckResult> {
    return this.checks.check([
      () => {
        const i = this.indicators.check('shutdown');
        return this.shutdown.shuttingDown ? i.down({ reason: 'shutting down' }) : i.up();
      },
      async () => {
        const i = this.indicators.check('database');
        return (await this.health.databaseAlive()) ? i.up() : i.down();
      },
    ]);
  }
}
