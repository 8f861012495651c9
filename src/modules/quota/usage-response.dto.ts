import { ApiProperty } from '@nestjs/swagger';
import type { UsageReport } from './quota.service';

export class UsageResponseDto implements UsageReport {
  @ApiProperty({ example: 'user-123' })
  user_id!: string;

  @ApiProperty({ example: '2026-12-07T00:00:00.000Z', description: 'Start of the UTC day counted' })
  period_start!: string;

  @ApiProperty({ example: 1830, description: 'Prompt + completion tokens used today' })
  tokens_used!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 50000,
    description: 'QUOTA_TOKENS_PER_DAY; null when there is no quota',
  })
  tokens_limit!: number | null;

  @ApiProperty({ example: 4, description: 'Answers counted today' })
  messages!: number;
}
