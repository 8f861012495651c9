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

function messageOf(response: unknown, fallback: string): string {
  if (typeof response === 'string') return response;
  if (response && typeof response === 'object' && 'message' in response) {
    const m: unknown = response.message;
    if (Array.isArray(m)) return m.map(String).join('; ');
    if (typeof m === 'string') return m;
  }
  return fallback;
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
      message: messageOf(err.getResponse(), err.message),
      code: CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'invalid_input'),
    };
  }
  // body-parser errors carry a status (413 too large, 400 bad JSON).
  const status = (err as { status?: unknown; type?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const type = (err as { type?: unknown }).type;
    const message =
      status === 413
        ? 'Request body too large (64 KB at most)'
        : type === 'entity.parse.failed'
          ? 'Malformed JSON body'
          : 'Bad request';
    return {
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      message,
      code: CODE_BY_STATUS[status] ?? 'invalid_input',
    };
  }
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    error: 'Internal Server Error',
    message: 'Internal server error',
    code: 'internal_error',
  };
}
