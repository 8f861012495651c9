import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { AppError } from '../errors/app-error';

function messages(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    return [
      ...Object.values(e.constraints ?? {}).map((m) =>
        m.startsWith(e.property) ? path + m.slice(e.property.length) : `${path}: ${m}`,
      ),
      ...messages(e.children ?? [], path),
    ];
  });
}

/** One message for a list of validation errors, naming each field. */
export function describeValidationErrors(errors: ValidationError[]): string {
  return messages(errors).join('; ');
}

/**
 * Validates a socket payload with the same DTOs and rules as REST (unknown fields rejected),
 * throwing the domain's `invalid_input` error.
 */
export function validatePayload<T extends object>(cls: ClassConstructor<T>, payload: unknown): T {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new AppError('invalid_input', 'payload must be a JSON object');
  }
  const instance = plainToInstance(cls, payload);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new AppError('invalid_input', describeValidationErrors(errors));
  return instance;
}
