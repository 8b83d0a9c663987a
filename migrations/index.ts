import type { NamedMigration } from '../shared/db/database';
import { foundation } from './001_foundation';
import { catalog } from './002_catalog';
import { reportsSchema } from './003_reports';
import { expensesByReport } from './004_expenses_by_report';
import { suggestionReason } from './005_suggestion_reason';
import { postRetries } from './006_post_retries';
import { documentRules } from './007_document_rules';

/** The plugin's migrations, in order. Append only: a landed migration never changes. */
export const pluginMigrations: readonly NamedMigration[] = [
  foundation,
  catalog,
  reportsSchema,
  expensesByReport,
  suggestionReason,
  postRetries,
  documentRules,
];
