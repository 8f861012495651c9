import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { traceFields } from '../../infrastructure/tracing/spans';
import { TracingLifecycle } from '../../infrastructure/tracing/tracing-lifecycle';
import { redactUrl } from './redact';

type Req = IncomingMessage & {
  id?: unknown;
  user?: { id: string };
  originalUrl?: string;
  ip?: string;
};

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/**
 * pino JSON logs with the seed's request fields (timestamp, level, message, method, url,
 * status_code, process_time, client_ip) plus request and user ids. Never the Authorization
 * header, a token in the query string, or a message's text.
 */
@Module({})
export class LoggingModule {
  /** `stream` replaces standard output (tests read the log lines from it). */
  static forRoot(stream?: NodeJS.WritableStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [loggerModule(stream)],
      providers: [TracingLifecycle],
    };
  }
}

/**
 * pino-pretty looks for `msg` and `time` by default; these logs use the seed's `message` and
 * `timestamp`, so without naming them every line would print as a JSON blob.
 */
export const PRETTY_OPTIONS = {
  messageKey: 'message',
  timestampKey: 'timestamp',
  translateTime: 'SYS:HH:MM:ss.l',
  messageFormat: '{if context}[{context}] {end}{message}',
  ignore: 'context',
  singleLine: true,
};

function prettyAvailable(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

function loggerModule(stream?: NodeJS.WritableStream): DynamicModule {
  return LoggerModule.forRootAsync({
    inject: [AppConfig],
    useFactory: (config: AppConfig) => ({
      forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
      pinoHttp: withStream(stream, {
        customAttributeKeys: { reqId: 'req_id' },
        level: config.logLevel,
        messageKey: 'message',
        timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
        formatters: { level: (label: string) => ({ level: label.toUpperCase() }) },
        base: undefined,
        // The trace of the request or socket event being handled, so logs and spans join up.
        ...(config.tracing.enabled ? { mixin: traceFields } : {}),
        genReqId: (req: IncomingMessage, res: ServerResponse) => {
          const incoming = req.headers['x-request-id'];
          const id =
            typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming)
              ? incoming
              : randomUUID();
          res.setHeader('X-Request-Id', id);
          return id;
        },
        autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
        quietReqLogger: true,
        serializers: {
          req: () => undefined,
          res: () => undefined,
          responseTime: () => undefined,
        },
        customSuccessMessage: (req: Req, res: ServerResponse, ms: number) =>
          `${req.method} ${redactUrl(req.originalUrl ?? req.url)} - ${res.statusCode} - ${seconds(ms)}s`,
        customErrorMessage: (req: Req, res: ServerResponse) =>
          `${req.method} ${redactUrl(req.originalUrl ?? req.url)} - ${res.statusCode}`,
        customSuccessObject: (req: Req, res: ServerResponse, val: { responseTime?: number }) => ({
          method: req.method,
          url: redactUrl(req.originalUrl ?? req.url),
          status_code: res.statusCode,
          process_time: Number(seconds(val.responseTime ?? 0)),
          client_ip: req.ip ?? req.socket.remoteAddress,
          ...(req.user ? { user_id: req.user.id } : {}),
        }),
        customErrorObject: (
          req: Req,
          res: ServerResponse,
          _err: Error,
          val: { responseTime?: number },
        ) => ({
          method: req.method,
          url: redactUrl(req.originalUrl ?? req.url),
          status_code: res.statusCode,
          process_time: Number(seconds(val.responseTime ?? 0)),
          client_ip: req.ip ?? req.socket.remoteAddress,
        }),
        redact: {
          paths: ['req.headers.authorization', 'req.headers.cookie', '*.token', '*.secret'],
          censor: '[REDACTED]',
        },
        // pino-pretty is a development dependency: production images log JSON regardless.
        ...(config.logPretty && !stream && prettyAvailable()
          ? { transport: { target: 'pino-pretty', options: PRETTY_OPTIONS } }
          : {}),
      }),
    }),
  });
}

function withStream<T>(
  stream: NodeJS.WritableStream | undefined,
  options: T,
): T | [T, NodeJS.WritableStream] {
  return stream ? [options, stream] : options;
}
