import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export const AUDIT_LIMIT_MAX = 500;

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'A user id, or its SHA-256 (records of erased users)' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  user_id?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Exclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: AUDIT_LIMIT_MAX, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_LIMIT_MAX)
  limit: number = 100;
}

export class AuditToolCallDto {
  @ApiProperty() tool!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) arguments!: unknown;
  @ApiProperty({ nullable: true, type: String }) source!: string | null;
  @ApiProperty({ nullable: true, type: String }) as_of!: string | null;
  @ApiProperty({ enum: ['done', 'failed'] }) status!: string;
}

export class AuditFiguresDto {
  @ApiProperty() checked!: number;
  @ApiProperty() unverified!: number;
}

export class AuditRecordDto {
  @ApiProperty({ format: 'uuid' }) message_id!: string;
  @ApiProperty({ description: 'The user id, or its SHA-256 once the user erased their data' })
  user_id!: string;
  @ApiProperty({ format: 'uuid' }) conversation_id!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ example: 'openai' }) provider!: string;
  @ApiProperty({ example: 'gpt-4-turbo' }) model!: string;
  @ApiProperty({ description: 'SHA-256 of every message sent to the model' })
  prompt_sha256!: string;
  @ApiProperty({ type: [AuditToolCallDto] }) tools!: AuditToolCallDto[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) sources!: unknown[];
  @ApiProperty({ type: AuditFiguresDto, nullable: true }) figures!: AuditFiguresDto | null;
  @ApiProperty() disclaimer_shown!: boolean;
  @ApiProperty({ enum: ['stop', 'length', 'stopped', 'error'] }) finish_reason!: string;
}

export class AuditResponseDto {
  @ApiProperty({ type: [AuditRecordDto], description: 'Newest first' })
  records!: AuditRecordDto[];
  @ApiProperty() count!: number;
}
