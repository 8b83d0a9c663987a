import 'reflect-metadata';
import { container as rootContainer, instanceCachingFactory, type DependencyContainer } from 'tsyringe';
import { AccountingHook } from '../posting/AccountingHook';
import { CompanyPostingContextLoader } from '../posting/CompanyPostingContext';
import { DuplicateReleaseService } from '../posting/DuplicateReleaseService';
import { PostingService } from '../posting/PostingService';
import { ReevaluationService } from '../posting/ReevaluationService';
import { ReportDetailService } from '../posting/ReportDetailService';
import { AuditLog } from '../audit/AuditLog';
import { CatalogImporter } from '../catalog/CatalogImporter';
import { CatalogReader } from '../catalog/CatalogReader';
import { CatalogRepository } from '../catalog/CatalogRepository';
import { CatalogService } from '../catalog/CatalogService';
import { ConnectionRepository } from '../connection/ConnectionRepository';
import { ConnectionService } from '../connection/ConnectionService';
import type { Host } from '../host/Host';
import { InstallationRepository } from '../installations/InstallationRepository';
import { LicenseService } from '../installations/LicenseService';
import { MappingService } from '../mapping/MappingService';
import { PermissionGuard } from '../permissions/PermissionGuard';
import { PermissionRepository } from '../permissions/PermissionRepository';
import { PermissionService } from '../permissions/PermissionService';
import { SettingsRepository } from '../settings/SettingsRepository';
import { SettingsService } from '../settings/SettingsService';
import { AxiosRindegastosClientFactory } from '../rindegastos/AxiosRindegastosClientFactory';
import { BookedDocumentRepository } from '../reports/BookedDocumentRepository';
import { HonorariosBookService } from '../reports/HonorariosBook';
import { PostingRepository } from '../reports/PostingRepository';
import { ReportIssueRepository } from '../reports/ReportIssueRepository';
import { InformesQuery } from '../reports/InformesQuery';
import { ReportRepository } from '../reports/ReportRepository';
import { OutboxRepository } from '../writeback/OutboxRepository';
import { SyncRunRepository } from '../sync/SyncRunRepository';
import { LeaseRepository } from '../sync/LeaseRepository';
import { ScheduledSync } from '../sync/ScheduledSync';
import { SyncService } from '../sync/SyncService';
import { WriteBackService } from '../writeback/WriteBackService';
import { Tokens } from './tokens';

// Repositories
const repositories = [
  InstallationRepository,
  PermissionRepository,
  ConnectionRepository,
  CatalogRepository,
  SettingsRepository,
  ReportRepository,
  InformesQuery,
  ReportIssueRepository,
  PostingRepository,
  BookedDocumentRepository,
  OutboxRepository,
  SyncRunRepository,
  LeaseRepository,
];

// Services
const services = [
  AuditLog,
  LicenseService,
  PermissionGuard,
  PermissionService,
  SettingsService,
  CatalogReader,
  CatalogImporter,
  ConnectionService,
  CatalogService,
  MappingService,
  CompanyPostingContextLoader,
  WriteBackService,
  PostingService,
  ReportDetailService,
  DuplicateReleaseService,
  HonorariosBookService,
  ReevaluationService,
  SyncService,
  ScheduledSync,
  AccountingHook,
];

/** Every class the root registers as a per-host singleton; the DI test resolves each one. */
export const SINGLETONS: readonly (new (...args: never[]) => unknown)[] = [...repositories, ...services];

/**
 * The one composition root. Each host gets its own child container; nothing registers itself
 * by side effect and nothing else touches the global container.
 */
export function createContainer(host: Host): DependencyContainer {
  const c = rootContainer.createChildContainer();

  // Host ports
  c.register(Tokens.Knex, { useValue: host.db });
  c.register(Tokens.Ledger, { useValue: host.ledger });
  c.register(Tokens.Directory, { useValue: host.directory });
  c.register(Tokens.SecretBox, { useValue: host.secrets });
  c.register(Tokens.Scheduler, { useValue: host.scheduler });
  c.register(Tokens.Logger, { useValue: host.logger.child({ plugin: 'rindegastos' }) });
  c.register(Tokens.Clock, { useValue: host.clock });
  c.register(Tokens.RuntimeConfig, { useValue: host.config });

  // Rindegastos API: one factory per host, built from the host's configured base URL
  c.register(Tokens.RindegastosClientFactory, {
    useFactory: instanceCachingFactory(
      () =>
        new AxiosRindegastosClientFactory({
          baseUrl: host.config.rindegastosApiUrl,
          interactiveDeadlineMs: host.config.interactiveDeadlineMs,
          logger: host.logger.child({ plugin: 'rindegastos', component: 'rindegastos-api' }),
          now: () => host.clock.now(),
        }),
    ),
  });

  for (const cls of SINGLETONS) c.registerSingleton(cls as new (...args: unknown[]) => unknown);
  return c;
}
