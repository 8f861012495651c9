/**
 * Compile-time only: `npm run typecheck` fails when the SDK's wire types drift from the server's.
 * Nothing here runs.
 */
import type { ChatReply as ServerChatReply } from '../../src/modules/chat/chat-reply';
import type { DeleteHistoryResponseDto } from '../../src/modules/chat/dto/api-models.dto';
import type { SendMessageDto } from '../../src/modules/chat/dto/send-message.dto';
import type {
  ConversationSummary,
  SentimentSummary as ServerSentimentSummary,
} from '../../src/modules/chat/summary.service';
import type { ErrorCode } from '../../src/common/errors/app-error';
import type { ErrorBody as ServerErrorBody } from '../../src/common/errors/error-response';
import type {
  FinishReason as ServerFinishReason,
  MessageRole as ServerMessageRole,
} from '../../src/infrastructure/database/records';
import type { LlmUsage } from '../../src/modules/llm/llm-client';
import type { PublicMessage } from '../../src/modules/memory/chat-message';
import type {
  SendAck as ServerSendAck,
  ServerEvents as ServerServerEvents,
} from '../../src/modules/realtime/realtime.events';
import type { RealtimeService } from '../../src/modules/realtime/realtime.service';
import type { Sentiment as ServerSentiment } from '../../src/modules/sentiment/sentiment.types';
import type { FeedbackDto } from '../../src/modules/feedback/feedback.dto';
import type { FeedbackResult } from '../../src/modules/feedback/feedback.service';
import type { FeedbackAck as ServerFeedbackAck } from '../../src/modules/feedback/feedback.socket';
import type { exportedMessage } from '../../src/modules/user-data/export.service';
import type { UsageReport } from '../../src/modules/quota/quota.service';
import type { ChatErrorCode } from '../../clients/js/src';
import type * as Sdk from '../../clients/js/src';

/**
 * The SDK keeps its own copies of the wire types (it compiles standalone). Each must be mutually
 * assignable with the server's type and also identical to it (mutual assignability alone lets an
 * optional field added on one side slip through): any drift breaks the type-check.
 */
type Assignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Identical<X, Y> =
  (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
function same<A, B>(
  ..._drift: [Assignable<A, B>, Identical<A, B>] extends [true, true] ? [] : [never]
): void {}
function covers<Narrow, Wide>(..._drift: [Narrow] extends [Wide] ? [] : [never]): void {}

same<Sdk.Sentiment, ServerSentiment>();
same<Sdk.FinishReason, ServerFinishReason>();
same<Sdk.MessageRole, ServerMessageRole>();
same<Sdk.Usage, LlmUsage>();
same<Sdk.ChatReply, ServerChatReply>();
same<Sdk.Message, PublicMessage>();
same<Sdk.ServerEvents, ServerServerEvents>();
same<Sdk.SendAck, ServerSendAck>();
same<Sdk.StopAck, Awaited<ReturnType<RealtimeService['stop']>>>();
same<Sdk.HistoryAck, { messages: PublicMessage[]; error?: ServerServerEvents['error'] }>();
same<Sdk.SendMessageRequest, SendMessageDto>();
same<Sdk.Summary, ConversationSummary>();
same<Sdk.SentimentSummary, ServerSentimentSummary>();
same<Sdk.HistoryResponse, { user_id: string; messages: PublicMessage[]; count: number }>();
same<Sdk.DeleteHistoryResponse, DeleteHistoryResponseDto>();
same<Sdk.ServerErrorCode, ErrorCode>();
same<Sdk.ErrorBody, ServerErrorBody>();
covers<ErrorCode, ChatErrorCode>();
same<Sdk.FeedbackRequest, FeedbackDto>();
same<Sdk.FeedbackResponse, FeedbackResult>();
same<Sdk.FeedbackAck, ServerFeedbackAck>();
same<Sdk.UsageResponse, UsageReport>();
// The server's type is built by spreads (fields typed `T | undefined`): assignable both ways.
type ExportedMessage = ReturnType<typeof exportedMessage>;
type SdkExportedMessage = Sdk.ExportResponse['conversations'][number]['messages'][number];
covers<ExportedMessage, SdkExportedMessage>();
covers<SdkExportedMessage, ExportedMessage>();
