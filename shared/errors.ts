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

export class ValidationError extends PluginError {
  constructor(
    readonly problems: FieldProblem[],
    message = 'Datos inválidos: ' + problems.map((p) => `${p.field}: ${p.message}`).join('; '),
  ) {
    super('VALIDATION', message, { fields: problems });
  }
}
