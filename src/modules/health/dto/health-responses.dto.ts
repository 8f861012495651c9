import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const SERVICE_STATUS = ['healthy', 'unhealthy', 'not_configured'];

export class HealthServicesDto {
  @ApiProperty({ enum: SERVICE_STATUS }) redis!: string;
  @ApiProperty({ enum: SERVICE_STATUS }) database!: string;
  @ApiProperty({ enum: SERVICE_STATUS }) openai!: string;
  @ApiProperty({ enum: SERVICE_STATUS }) main_backend!: string;
}

export class HealthModeDto {
  @ApiProperty({ enum: ['postgres', 'embedded-sqlite'] }) database!: string;
  @ApiProperty({ enum: ['redis', 'in-process'] }) cache!: string;
  @ApiProperty({ enum: ['openai', 'offline-assistant'] }) llm!: string;
}

export class HealthReportDto {
  @ApiProperty({
    enum: ['healthy', 'degraded', 'unhealthy'],
    description: 'unhealthy (503) only when the database does not answer',
  })
  status!: string;
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
  @ApiProperty({ example: '1.0.0' }) version!: string;
  @ApiProperty({ type: HealthServicesDto }) services!: HealthServicesDto;
  @ApiProperty({ type: HealthModeDto, description: 'Which embedded defaults are in use' })
  mode!: HealthModeDto;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Per-part detail registered by feature modules (e.g. `market_sources`)',
  })
  detail?: Record<string, unknown>;
}

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
}

const CHECKS = {
  type: 'object' as const,
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
    additionalProperties: true,
  },
};

/** The readiness answer when ready (@nestjs/terminus's shape). */
export class ReadinessDto {
  @ApiProperty({ enum: ['ok'] }) status!: string;
  @ApiPropertyOptional({ ...CHECKS, description: 'Checks that are up' })
  info?: Record<string, { status: string }>;
  @ApiPropertyOptional({ ...CHECKS, description: 'Checks that are down' })
  error?: Record<string, { status: string }>;
  @ApiProperty({ ...CHECKS, example: { shutdown: { status: 'up' }, database: { status: 'up' } } })
  details!: Record<string, { status: string }>;
}
