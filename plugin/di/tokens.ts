/** DI tokens for interfaces (host ports and plugin interfaces). Classes are their own tokens. */
export const Tokens = {
  Host: Symbol('Host'),
  Knex: Symbol('Knex'),
  Ledger: Symbol('Ledger'),
  Directory: Symbol('Directory'),
  SecretBox: Symbol('SecretBox'),
  Scheduler: Symbol('Scheduler'),
  Logger: Symbol('Logger'),
  Clock: Symbol('Clock'),
  RindegastosClientFactory: Symbol('RindegastosClientFactory'),
} as const;
