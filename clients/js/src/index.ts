export { ChatClient } from './chat-client';
export type {
  ChatClientEvents,
  ChatClientOptions,
  ConnectionState,
  SendOptions,
} from './client-options';
export type { ChatStream } from './chat-stream';
export { ChatError, isChatError } from './errors';
export type { ChatErrorCode } from './errors';
export { RestClient, remainingTokens } from './rest-client';
export type { RestClientOptions, TokenSource } from './rest-client';
export type * from './types';
