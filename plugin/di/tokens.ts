/** DI tokens for interfaces (host ports and plugin interfaces). Classes are their own tokens. */
export const Tokens = {
  Knex: Symbol('Knex'),
  Ledger: Symbol('Ledger'),
  Directory: Symbol('Directory'),
  SecretBox: Symbol('SecretBox'),
  Scheduler: Symbol('Scheduler'),
  Logger: Symbol('Logger'),
  Clock: Symbol('Clock'),
  /** The host's PluginRuntimeConfig. */
  RuntimeConfig: Symbol('RuntimeConfig'),
  /** plugin/rindegastos/api.ts RindegastosClientFactory; registered by the Rindegastos client's block. */
  RindegastosClientFactory: Symbol('RindegastosClientFactory'),
} as const;
