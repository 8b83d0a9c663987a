import 'reflect-metadata';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError as ClassValidatorError } from 'class-validator';
import { ValidationError, type FieldProblem } from '../errors';

export interface ValidateOptions {
  /** Reject properties the DTO does not declare (route inputs). Default true. */
  forbidUnknown?: boolean;
  /** Prefix for field paths in messages, e.g. "manifest". */
  path?: string;
}

/**
 * The single validation choke point: class-transformer + class-validator, throwing one
 * ValidationError that lists every offending field.
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
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      for (const message of Object.values(e.constraints)) out.push({ field, message });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}
