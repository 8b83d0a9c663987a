/**
 * The base of the plugin's error hierarchy (plugin/errors/errors.ts) and the validation error
 * validateDto throws. Every error has a stable `code`; messages are Spanish: users read them.
 */

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. "lines.0.debit". */
  field: string;
  message: string;
}

export class PluginError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** How many field problems a validation error lists; the rest are counted. */
export const MAX_LISTED_PROBLEMS = 10;

export class ValidationError extends PluginError {
  constructor(
    readonly problems: FieldProblem[],
    message = validationMessage(problems),
  ) {
    // Bounded whatever the input: 60,000 unknown keys answer with ten lines and a count.
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const more = problems.length - listed.length;
    super('VALIDATION', message, more > 0 ? { fields: listed, more } : { fields: listed });
  }
}

function validationMessage(problems: FieldProblem[]): string {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `${p.field}: ${p.message}`);
  const more = problems.length - listed.length;
  return `Datos inválidos: ${listed.join('; ')}${more > 0 ? `; y ${more} problemas más` : ''}`;
}
