import {
  BadRequestException,
  INestApplication,
  RequestMethod,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { AppConfig } from './config/app-config';

export const BODY_LIMIT = '64kb';

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {});
    return [
      ...own.map((m) => (m.startsWith(e.property) ? m.replace(e.property, path) : `${path}: ${m}`)),
      ...flatten(e.children ?? [], path),
    ];
  });
}

/** Everything main.ts and the end-to-end tests share: pipes, filters, limits, docs. */
export function setupApp(app: NestExpressApplication, config: AppConfig): INestApplication {
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: false });
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
    ],
  });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new BadRequestException(flatten(errors).join('; ')),
    }),
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();

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
