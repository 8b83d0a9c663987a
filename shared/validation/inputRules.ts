import { registerDecorator, type ValidationOptions } from 'class-validator';
import { ValidationError } from '../errors';

const YMD = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` naming a real calendar day (no 2026-02-31, no 2026-13-01). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !YMD.test(value)) return false;
  const d = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** C0 and C1 control characters (NUL included), or a UTF-16 half without its partner. */
export const UNCLEAN_CHARACTER =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text fit to store and show: no control characters, no invalid Unicode (lone surrogates). */
export function isCleanText(value: unknown): boolean {
  return typeof value === 'string' && !UNCLEAN_CHARACTER.test(value);
}

export const CLEAN_TEXT_MESSAGE =
  'contiene caracteres de control o Unicode inválido; escríbalo de nuevo sin copiarlo de otro programa';

function rule(name: string, test: (value: unknown) => boolean, defaultMessage: string) {
  return (options: ValidationOptions = {}): PropertyDecorator =>
    (target, propertyName) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: String(propertyName),
        options: { message: defaultMessage, ...options },
        validator: { validate: (value: unknown) => test(value) },
      });
}

/** class-validator rule: a real `YYYY-MM-DD` day. */
export const IsCalendarDate = rule(
  'isCalendarDate',
  isCalendarDate,
  'debe ser una fecha real AAAA-MM-DD, p. ej. 2026-01-31',
);

/** class-validator rule: see isCleanText. */
export const IsCleanText = rule('isCleanText', isCleanText, CLEAN_TEXT_MESSAGE);

/** `from` after `to` is refused, naming both fields. Either may be missing. */
export function assertDateRange(from: string | undefined, to: string | undefined, path = 'query'): void {
  if (from !== undefined && to !== undefined && from > to) {
    throw new ValidationError([
      {
        field: `${path}.from`,
        message: `la fecha inicial (${from}) es posterior a la final (${to}); inviértalas`,
      },
    ]);
  }
}

/** A plain positive integer as text: digits only, no sign, no leading zero, no 0x, no exponent. */
export const POSITIVE_INTEGER = /^[1-9]\d{0,14}$/;

/**
 * A path or query value that must be a positive integer id (report, sync run, catalog item):
 * `0x10`, `1.35e7`, `016` or `-1` are a 400 naming the field, never read as another number.
 */
export function positiveIntegerParam(
  value: string | undefined,
  field: string,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const n = value !== undefined && POSITIVE_INTEGER.test(value) ? Number(value) : NaN;
  if (!(n <= max)) {
    throw new ValidationError([
      {
        field,
        message: `debe ser un número entero entre 1 y ${max} escrito solo con dígitos${max > 9999 ? ', p. ej. 8842' : ''}`,
      },
    ]);
  }
  return n;
}
