import {
  BadRequestException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { AppError } from './app-error';
import { toErrorBody } from './error-response';

describe('toErrorBody', () => {
  it('keeps a domain error’s Spanish message and code', () => {
    expect(toErrorBody(new AppError('busy', 'Ya hay una respuesta en curso.'))).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'Ya hay una respuesta en curso.',
      code: 'busy',
    });
  });

  it('replaces the framework’s English messages with Spanish ones, keeping English codes', () => {
    const cases = [
      new NotFoundException('Cannot GET /api/nothing'),
      new NotFoundException(),
      new BadRequestException('URI malformed'),
      new ServiceUnavailableException({ status: 'error', details: {} }),
    ];
    expect(cases.map((e) => toErrorBody(e))).toEqual([
      {
        statusCode: 404,
        error: 'Not Found',
        message: 'No encontramos lo que buscás.',
        code: 'not_found',
      },
      {
        statusCode: 404,
        error: 'Not Found',
        message: 'No encontramos lo que buscás.',
        code: 'not_found',
      },
      {
        statusCode: 400,
        error: 'Bad Request',
        message: 'La solicitud no es válida.',
        code: 'invalid_input',
      },
      {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'El servicio no está disponible en este momento. Probá de nuevo en unos minutos.',
        code: 'assistant_unavailable',
      },
    ]);
  });

  it('keeps a message our code gave an HttpException (the validation pipe’s)', () => {
    const body = toErrorBody(new BadRequestException('El campo message debe ser un texto.'));
    expect(body).toMatchObject({
      message: 'El campo message debe ser un texto.',
      code: 'invalid_input',
    });
  });

  it('answers anything unknown with a Spanish 500 and no detail', () => {
    expect(toErrorBody(new Error('ECONNRESET at db.internal:5432'))).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Ocurrió un error inesperado. Probá de nuevo en unos minutos.',
      code: 'internal_error',
    });
  });
});
