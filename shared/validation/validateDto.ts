import 'reflect-metadata';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError as ClassValidatorError } from 'class-validator';
import { ValidationError, type FieldProblem } from '../errors';
import { excerpt, inputLimitProblem } from './inputLimits';

export interface ValidateOptions {
  /** Reject properties the DTO does not declare (route inputs). Default true. */
  forbidUnknown?: boolean;
  /** Prefix for field paths in messages, e.g. "manifest". */
  path?: string;
  /**
   * Hold the input to INPUT_LIMITS before transforming it. Default: as forbidUnknown, i.e. for
   * what users send; the Rindegastos API's answers (lenient) are paged and legitimately wide.
   */
  bounded?: boolean;
}

/**
 * The single validation choke point: class-transformer + class-validator, throwing one
 * ValidationError that lists every offending field (the first few: see ValidationError).
 * The input's size and depth are bounded (INPUT_LIMITS) before anything transforms it, and
 * every message is Spanish, also where a DTO left class-validator's English default.
 */
export function validateDto<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
  opts: ValidateOptions = {},
): T {
  const forbidUnknown = opts.forbidUnknown ?? true;
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new ValidationError([{ field: opts.path ?? '(raíz)', message: 'se esperaba un objeto JSON' }]);
  }
  const tooBig = (opts.bounded ?? forbidUnknown) ? inputLimitProblem(plain, opts.path ?? '(raíz)') : null;
  if (tooBig) throw new ValidationError([tooBig]);
  const instance = plainToInstance(cls, plain, { exposeDefaultValues: true });
  const errors = validateSync(instance, {
    whitelist: forbidUnknown,
    forbidNonWhitelisted: forbidUnknown,
    forbidUnknownValues: false,
  });
  if (errors.length > 0) throw new ValidationError(flatten(errors, opts.path));
  return instance;
}

function flatten(errors: ClassValidatorError[], prefix?: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const property = excerpt(e.property);
    const field = prefix ? `${prefix}.${property}` : property;
    if (e.constraints) {
      for (const [constraint, message] of Object.entries(e.constraints)) {
        out.push({ field, message: spanish(constraint, message) });
      }
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** class-validator's own (English) messages, by constraint; a DTO's Spanish message stands. */
const SPANISH_DEFAULTS: Record<string, string> = {
  whitelistValidation: 'campo no permitido',
  isString: 'debe ser texto',
  isInt: 'debe ser un número entero',
  isNumber: 'debe ser un número',
  isBoolean: 'debe ser verdadero o falso',
  isNotEmpty: 'no puede estar vacío',
  isDefined: 'es obligatorio',
  isArray: 'debe ser una lista',
  isObject: 'debe ser un objeto',
  nestedValidation: 'debe ser un objeto',
  matches: 'no tiene el formato esperado',
};

function spanish(constraint: string, message: string): string {
  if (!/\b(must|should|property|each value)\b/.test(message)) return message;
  const number = /(-?\d+(?:\.\d+)?)/.exec(message)?.[1];
  switch (constraint) {
    case 'isIn':
      return `debe ser uno de: ${/values: (.*)$/.exec(message)?.[1] ?? ''}`.trim();
    case 'min':
      return `debe ser al menos ${number}`;
    case 'max':
      return `no puede ser mayor que ${number}`;
    case 'maxLength':
      return `no puede superar ${number} caracteres`;
    case 'minLength':
      return `debe tener al menos ${number} caracteres`;
    default:
      return SPANISH_DEFAULTS[constraint] ?? 'no es válido';
  }
}
