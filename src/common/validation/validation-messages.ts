import { getMetadataStorage, ValidationError } from 'class-validator';

/**
 * class-validator's built-in messages are English; error messages reach end users, so they are
 * Spanish. Each built-in constraint gets a Spanish sentence here, filled with the constraint's
 * own arguments. A message written on the decorator (`{ message }`) or by a custom constraint
 * is kept as it is: those are written in Spanish where they are declared.
 */
type Template = (field: string, args: readonly unknown[]) => string;

const show = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
const list = (v: unknown): string =>
  Array.isArray(v)
    ? v.map(show).join(', ')
    : v && typeof v === 'object'
      ? Object.values(v).map(show).join(', ')
      : show(v);

const SPANISH: Record<string, Template> = {
  whitelistValidation: (f) => `El campo ${f} no está permitido.`,
  isDefined: (f) => `El campo ${f} es obligatorio.`,
  isNotEmpty: (f) => `El campo ${f} no puede estar vacío.`,
  isString: (f) => `El campo ${f} debe ser un texto.`,
  isBoolean: (f) => `El campo ${f} debe ser true o false.`,
  isBooleanString: (f) => `El campo ${f} debe ser "true" o "false".`,
  isInt: (f) => `El campo ${f} debe ser un número entero.`,
  isNumber: (f) => `El campo ${f} debe ser un número.`,
  min: (f, [n]) => `El campo ${f} debe ser como mínimo ${show(n)}.`,
  max: (f, [n]) => `El campo ${f} debe ser como máximo ${show(n)}.`,
  isLength: (f, [min, max]) =>
    max === undefined || max === null
      ? `El campo ${f} debe tener al menos ${show(min)} caracteres.`
      : `El campo ${f} debe tener entre ${show(min)} y ${show(max)} caracteres.`,
  minLength: (f, [n]) => `El campo ${f} debe tener al menos ${show(n)} caracteres.`,
  maxLength: (f, [n]) => `El campo ${f} debe tener como máximo ${show(n)} caracteres.`,
  isUuid: (f) => `El campo ${f} debe ser un UUID.`,
  isIn: (f, [values]) => `El campo ${f} debe ser uno de: ${list(values)}.`,
  isEnum: (f, [, values]) => `El campo ${f} debe ser uno de: ${list(values)}.`,
  isObject: (f) => `El campo ${f} debe ser un objeto JSON.`,
  isArray: (f) => `El campo ${f} debe ser una lista.`,
  arrayMinSize: (f, [n]) => `El campo ${f} debe tener al menos ${show(n)} elementos.`,
  arrayMaxSize: (f, [n]) => `El campo ${f} debe tener como máximo ${show(n)} elementos.`,
  isUrl: (f) => `El campo ${f} debe ser una URL.`,
  isEmail: (f) => `El campo ${f} debe ser un correo electrónico.`,
  isDateString: (f) => `El campo ${f} debe ser una fecha ISO 8601.`,
  isIso8601: (f) => `El campo ${f} debe ser una fecha ISO 8601.`,
  matches: (f) => `El campo ${f} tiene un formato no válido.`,
  nestedValidation: (f) => `El campo ${f} debe ser un objeto o una lista de objetos.`,
  unknownValue: () => 'El cuerpo de la solicitud no es válido.',
};

/** The declared arguments and custom message of one constraint on one property. */
function declared(
  target: object | undefined,
  property: string,
  constraint: string,
): { args: readonly unknown[]; custom: boolean } {
  if (!target) return { args: [], custom: false };
  const meta = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && m.name === constraint);
  return {
    args: (meta?.constraints as unknown[] | undefined) ?? [],
    custom: meta?.message !== undefined && meta.message !== null,
  };
}

/** One Spanish sentence per failed constraint, naming the field by its path in the payload. */
export function validationMessages(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    return [
      ...Object.entries(e.constraints ?? {}).map(([constraint, english]) => {
        const template = SPANISH[constraint];
        if (!template) return english;
        const { args, custom } = declared(e.target, e.property, constraint);
        return custom ? english : template(path, args);
      }),
      ...validationMessages(e.children ?? [], path),
    ];
  });
}
