import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { AppError } from '../errors/app-error';
import { assertSafeJson } from './json-hazard';
import { validationMessages } from './validation-messages';

/** One Spanish message for a list of validation errors, naming each field. */
export function describeValidationErrors(errors: ValidationError[]): string {
  return validationMessages(errors).join(' ');
}

/**
 * Validates a socket payload with the same DTOs and rules as REST (unknown fields rejected),
 * throwing the domain's `invalid_input` error.
 */
export function validatePayload<T extends object>(cls: ClassConstructor<T>, payload: unknown): T {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new AppError('invalid_input', 'Los datos enviados deben ser un objeto JSON.');
  }
  assertSafeJson(payload);
  const instance = plainToInstance(cls, payload);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new AppError('invalid_input', describeValidationErrors(errors));
  return instance;
}
