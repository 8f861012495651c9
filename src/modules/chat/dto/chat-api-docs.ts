import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from './api-models.dto';

/**
 * The JSON errors of sending a message, shared by the JSON and the streaming route: the stream
 * opens only once the message is saved, so both fail the same way before that (401 and 429 are
 * declared on the controller).
 */
export const ApiSendMessageErrors = () =>
  applyDecorators(
    ApiBadRequestResponse({ type: ErrorResponseDto, description: 'invalid_input' }),
    ApiNotFoundResponse({
      type: ErrorResponseDto,
      description: 'not_found: unknown or foreign conversation_id',
    }),
    ApiConflictResponse({
      type: ErrorResponseDto,
      description: 'busy: another answer for this user is streaming',
    }),
    ApiPayloadTooLargeResponse({
      type: ErrorResponseDto,
      description: 'payload_too_large: body over 64 KB',
    }),
    ApiServiceUnavailableResponse({
      type: ErrorResponseDto,
      description:
        'assistant_unavailable or storage_unavailable: the assistant or the database cannot answer',
    }),
  );

const SSE_EXAMPLE = [
  'event: chunk',
  'data: {"delta":"Un CEDEAR es un certificado "}',
  '',
  'event: chunk',
  'data: {"delta":"que representa acciones del exterior..."}',
  '',
  'event: done',
  'data: {"message_id":"…","conversation_id":"…","response":"Un CEDEAR es…","finish_reason":"stop",…}',
  '',
  '',
].join('\n');

/** The 200 of the streaming route: an event stream, never JSON. */
export const ApiEventStreamResponse = () =>
  ApiOkResponse({
    description:
      'Server-Sent Events: `chunk` events `{ "delta" }`, then one `done` event with the ChatReply; on a failure ' +
      'after the stream began, an `error` event `{ "code", "message" }` (the partial answer is saved). Errors ' +
      'before the stream opens are plain JSON with their status code.',
    content: {
      'text/event-stream': {
        schema: { type: 'string', description: 'event: chunk | done | error, data: JSON' },
        example: SSE_EXAMPLE,
      },
    },
  });
