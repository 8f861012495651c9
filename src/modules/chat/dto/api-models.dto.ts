import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SentimentDto {
  @ApiProperty({ enum: ['positive', 'negative', 'neutral'] }) label!: string;
  @ApiProperty({ minimum: -1, maximum: 1 }) score!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) confidence!: number;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Emotion → intensity',
  })
  emotions?: Record<string, number>;
  @ApiPropertyOptional({ type: [String], description: 'What drove the result' })
  keywords?: string[];
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) conversation_id!: string;
  @ApiProperty({ enum: ['user', 'assistant'] }) role!: string;
  @ApiProperty() content!: string;
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
  @ApiPropertyOptional({ type: SentimentDto, description: 'User messages' })
  sentiment?: SentimentDto;
  @ApiPropertyOptional({
    enum: ['stop', 'length', 'stopped', 'error'],
    description: 'Assistant messages; anything but "stop" marks a partial answer',
  })
  finish_reason?: string;
}

export class HistoryResponseDto {
  @ApiProperty() user_id!: string;
  @ApiProperty({ type: [MessageDto], description: 'Oldest first' }) messages!: MessageDto[];
  @ApiProperty({ description: 'Messages returned' }) count!: number;
}

export class DeleteHistoryResponseDto {
  @ApiProperty() user_id!: string;
  @ApiProperty({ description: 'Messages deleted' }) deleted!: number;
}

export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ example: 'invalid_input' }) code!: string;
}
