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

export class AnswerSourceDto {
  @ApiProperty({
    enum: ['dolarapi', 'argentinadatos', 'bcra', 'data912', 'backend', 'sample'],
    description: 'Source id',
  })
  id!: string;
  @ApiProperty({ example: 'DolarApi', description: 'Human name, as the source asks to be cited' })
  name!: string;
  @ApiPropertyOptional({ example: 'https://dolarapi.com' }) url?: string;
  @ApiProperty({
    example: '2026-12-04T15:00:00.000Z',
    description:
      'When the source says the figure is from (a date or a timestamp), else when fetched',
  })
  as_of!: string;
  @ApiPropertyOptional({ example: 'get_fx_rates', description: 'The tool whose result carried it' })
  tool?: string;
}

export class FigureCountsDto {
  @ApiProperty({ description: 'Market figures found in the answer' }) checked!: number;
  @ApiProperty({ description: 'Figures that matched no source (a ⚠️ notice closes the answer)' })
  unverified!: number;
}

export class MessageFeedbackDto {
  @ApiProperty({ enum: ['up', 'down'] }) rating!: 'up' | 'down';
  @ApiPropertyOptional({ maxLength: 500 }) reason?: string;
  @ApiPropertyOptional({ type: [String], maxItems: 5 }) tags?: string[];
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
  @ApiPropertyOptional({ type: [AnswerSourceDto], description: 'Assistant messages' })
  sources?: AnswerSourceDto[];
  @ApiPropertyOptional({ type: FigureCountsDto, description: 'Assistant messages' })
  figures?: FigureCountsDto;
  @ApiPropertyOptional({
    type: MessageFeedbackDto,
    description: 'Assistant messages the user rated (POST /api/chat/feedback)',
  })
  feedback?: MessageFeedbackDto;
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

/** Every error body: `message` for the end user in Spanish; `error` and `code` stable English. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request', description: 'The HTTP status text (English, stable)' })
  error!: string;
  @ApiProperty({
    example: 'El campo message debe tener entre 1 y 4000 caracteres.',
    description: 'For the end user, in Spanish; may change wording at any time',
  })
  message!: string;
  @ApiProperty({
    example: 'invalid_input',
    description: 'Machine-readable and stable (English): what clients should branch on',
  })
  code!: string;
}

export class UsageDto {
  @ApiProperty() prompt_tokens!: number;
  @ApiProperty() completion_tokens!: number;
  @ApiProperty() total_tokens!: number;
}

export class ChatReplyDto {
  @ApiProperty({ format: 'uuid', description: 'The assistant message' }) message_id!: string;
  @ApiProperty({ format: 'uuid' }) user_message_id!: string;
  @ApiProperty({ format: 'uuid' }) conversation_id!: string;
  @ApiProperty({ description: 'The answer, in Spanish' }) response!: string;
  @ApiProperty({ type: SentimentDto, description: 'Of the user’s message' })
  sentiment!: SentimentDto;
  @ApiProperty({ example: 'gpt-4-turbo' }) model!: string;
  @ApiProperty({ enum: ['stop', 'length', 'stopped', 'error'] }) finish_reason!: string;
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
  @ApiPropertyOptional({ type: UsageDto }) usage?: UsageDto;
  @ApiPropertyOptional({ enum: [true], description: 'Answered by a fallback' }) degraded?: boolean;
  @ApiProperty({
    type: [AnswerSourceDto],
    description: 'The sources of the figures this answer quotes; [] when it quotes none',
  })
  sources!: AnswerSourceDto[];
  @ApiProperty({ type: FigureCountsDto, description: 'The figure guard’s result' })
  figures!: FigureCountsDto;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'DISCLAIMER_TEXT when the question or the answer speaks of instruments, figures or strategies (shown under the answer, never inside it); null otherwise',
  })
  disclaimer!: string | null;
}

export class SentimentDistributionDto {
  @ApiProperty() positive!: number;
  @ApiProperty() negative!: number;
  @ApiProperty() neutral!: number;
}

export class SentimentSummaryDto {
  @ApiProperty({ minimum: -1, maximum: 1 }) average!: number;
  @ApiProperty({ enum: ['improving', 'worsening', 'stable'] }) trend!: string;
  @ApiProperty({ type: SentimentDistributionDto }) distribution!: SentimentDistributionDto;
}

export class SummaryResponseDto {
  @ApiProperty() user_id!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() message_count!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) first_message_at!:
    string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_message_at!:
    string | null;
  @ApiProperty({ type: [String] }) topics!: string[];
  @ApiProperty({ type: [String] }) tickers!: string[];
  @ApiProperty({ type: SentimentSummaryDto }) sentiment!: SentimentSummaryDto;
}
