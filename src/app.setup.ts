import {
  BadRequestException,
  INestApplication,
  RequestMethod,
  ValidationPipe,
} from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { bodyParserErrors, requireJsonBody } from './common/errors/body-parser-errors';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { assertSafeJson } from './common/validation/json-hazard';
import { describeValidationErrors } from './common/validation/validate-payload';
import { AppConfig } from './config/app-config';
import { ChatIoAdapter } from './modules/realtime/chat-io.adapter';

export const BODY_LIMIT = '64kb';

/**
 * Bodies nested deep enough to overflow the validators, or holding NUL characters the database
 * refuses, are bad input: a 400 through the error filter, before any pipe or store sees them.
 */
function rejectUnsafeJson(req: Request, _res: Response, next: NextFunction): void {
  try {
    assertSafeJson(req.body);
    // Query strings too: a NUL in a filter reaches the database as well (`?user_id=%00`).
    assertSafeJson(req.query);
    next();
  } catch (err) {
    next(err);
  }
}

/** Everything main.ts and the end-to-end tests share: pipes, filters, limits, docs. */
export function setupApp(app: NestExpressApplication, config: AppConfig): INestApplication {
  app.use('/api', requireJsonBody);
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.use(rejectUnsafeJson);
  app.use(bodyParserErrors);
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // The Swagger UI and the demo page need inline scripts and styles of their own.
  app.use(helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }));
  app.enableCors({
    origin: config.corsOrigins,
    credentials: config.corsOrigins !== true,
    exposedHeaders: ['Retry-After', 'X-Request-Id'],
  });
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
      { path: '/', method: RequestMethod.GET },
      { path: 'demo/app.js', method: RequestMethod.GET },
      { path: 'demo/chat-sdk.js', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // The Spanish messages read each constraint's arguments from the validated class, so the
      // errors must keep their target (Nest drops it by default); values are never echoed.
      validationError: { target: true, value: false },
      exceptionFactory: (errors) => new BadRequestException(describeValidationErrors(errors)),
    }),
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useWebSocketAdapter(new ChatIoAdapter(app, config));

  const doc = new DocumentBuilder()
    .setTitle('Chat service')
    .setDescription(
      'AI chat for Argentine fintech apps. REST here; the Socket.IO namespace `/chat` and the plain ' +
        'WebSocket `/ws/chat/{user_id}` are described in docs/realtime.md.',
    )
    .setVersion(config.version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc), {
    jsonDocumentUrl: 'docs-json',
  });
  return app;
}
