import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';

export const FEEDBACK_REASON_MAX = 500;
export const FEEDBACK_TAGS_MAX = 5;
const TAG_MAX = 50;

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** `POST /api/chat/feedback` and the Socket.IO `feedback` event. */
export class FeedbackDto {
  @ApiProperty({ format: 'uuid', description: 'An assistant message of the token’s user' })
  @IsString()
  @Length(1, 36)
  message_id!: string;

  @ApiProperty({ enum: ['up', 'down'] })
  @IsIn(['up', 'down'])
  rating!: 'up' | 'down';

  @ApiPropertyOptional({ maxLength: FEEDBACK_REASON_MAX, example: 'No respondió lo que pregunté' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(FEEDBACK_REASON_MAX)
  reason?: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: FEEDBACK_TAGS_MAX,
    example: ['incorrecto', 'poco_claro'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(FEEDBACK_TAGS_MAX)
  @IsString({ each: true })
  @Length(1, TAG_MAX, { each: true })
  tags?: string[];
}

export class FeedbackResponseDto {
  @ApiProperty({ format: 'uuid' }) message_id!: string;
  @ApiProperty({ enum: ['up', 'down'] }) rating!: 'up' | 'down';
}
