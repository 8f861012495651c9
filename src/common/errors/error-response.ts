import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { AppError, ErrorCode } from './app-error';

/** The contract's error body, plus a machine-readable `code`. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code: ErrorCode;
}

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'invalid_input',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  429: 'rate_limited',
  503: 'assistant_unavailable',
};

/**
 * The rule for every error body, on every door: `message` is for the end user, in Spanish;
 * `error` (the HTTP status text) and `code` are stable English identifiers for programs.
 * These are the Spanish messages for errors the framework raises without one of ours (an
 * unknown route, a body the parser refuses, a failed health check).
 */
const SPANISH_BY_STATUS: Partial<Record<number, string>> = {
  400: 'La solicitud no es válida.',
  401: 'Necesitás un token válido para continuar.',
  403: 'No tenés permiso para hacer esto.',
  404: 'No encontramos lo que buscás.',
  405: 'Ese método no está permitido en esta ruta.',
  409: 'La solicitud choca con otra en curso.',
  413: 'El cuerpo de la solicitud es demasiado grande (64 KB como máximo).',
  415: 'El tipo de contenido no está admitido: enviá JSON.',
  429: 'Demasiadas solicitudes: esperá un momento antes de volver a intentar.',
  500: 'Ocurrió un error inesperado. Probá de nuevo en unos minutos.',
  503: 'El servicio no está disponible en este momento. Probá de nuevo en unos minutos.',
};
const MALFORMED_JSON = 'El cuerpo de la solicitud no es JSON válido.';

function spanishFor(status: number): string {
  return (
    SPANISH_BY_STATUS[status] ?? (status >= 500 ? SPANISH_BY_STATUS[500]! : SPANISH_BY_STATUS[400]!)
  );
}

/**
 * The message an HttpException was given by our code, or null for the framework's own English
 * ones: the status text (`new NotFoundException()`), Nest's router (`Cannot GET /x`), or none
 * at all (an object response such as a failed health check).
 */
// Nest's router ("Cannot GET /x") and Express's path decoding ("URI malformed").
const FRAMEWORK_TEXT = /^(Cannot [A-Z]+ \/|Failed to decode param|URI malformed)/;

function ownMessage(err: HttpException): string | null {
  const response = err.getResponse();
  const raw: unknown =
    typeof response === 'string'
      ? response
      : response && typeof response === 'object' && 'message' in response
        ? response.message
        : null;
  const text = Array.isArray(raw) ? raw.map(String).join(' ') : typeof raw === 'string' ? raw : '';
  const status = err.getStatus();
  if (text === '' || text === STATUS_CODES[status] || FRAMEWORK_TEXT.test(text)) return null;
  return text;
}

/** Maps any thrown value to the contract's shape; unknown errors become a bare 500. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof AppError) {
    const status = err.httpStatus;
    return {
      statusCode: status,
      // The contract names this refusal in `error` itself, so clients need not parse `code`.
      error: err.code === 'quota_exceeded' ? 'quota_exceeded' : (STATUS_CODES[status] ?? 'Error'),
      message: err.message,
      code: err.code,
    };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    return {
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      message: ownMessage(err) ?? spanishFor(status),
      code: CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'invalid_input'),
    };
  }
  // body-parser errors carry a status (413 too large, 400 bad JSON).
  const status = (err as { status?: unknown; type?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const type = (err as { type?: unknown }).type;
    return {
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      message: type === 'entity.parse.failed' ? MALFORMED_JSON : spanishFor(status),
      code: CODE_BY_STATUS[status] ?? 'invalid_input',
    };
  }
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    error: 'Internal Server Error',
    message: spanishFor(500),
    code: 'internal_error',
  };
}
