import type { NextFunction, Request, Response } from 'express';
import { AppError } from './app-error';

/**
 * Turns the JSON body parser's refusals into domain errors before Nest sees them: Nest would
 * wrap a parse failure in a BadRequestException carrying the parser's English text, which must
 * not reach end users. Registered right after the body parsers.
 */
export function bodyParserErrors(err: unknown, _req: Request, _res: Response, next: NextFunction) {
  const { status, type } = (err ?? {}) as { status?: unknown; type?: unknown };
  if (typeof status !== 'number' || typeof type !== 'string') return next(err);
  if (type === 'entity.parse.failed') {
    return next(new AppError('invalid_input', 'El cuerpo de la solicitud no es JSON válido.'));
  }
  if (status === 415) {
    return next(unsupportedMediaType());
  }
  if (status === 413) {
    return next(
      new AppError(
        'payload_too_large',
        'El cuerpo de la solicitud es demasiado grande (64 KB como máximo).',
      ),
    );
  }
  return next(err);
}

const unsupportedMediaType = () =>
  new AppError(
    'unsupported_media_type',
    'El cuerpo de la solicitud debe ser JSON en UTF-8 (Content-Type: application/json).',
  );

/**
 * The API takes JSON bodies only: a form or plain-text body is refused with 415 before any
 * parser or route sees it, instead of being parsed into something a route half-understands.
 */
export function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const length = Number(req.headers['content-length'] ?? 0);
  const hasBody = req.headers['transfer-encoding'] !== undefined || length > 0;
  if (!hasBody || req.is('application/json')) return next();
  next(unsupportedMediaType());
}
