import type { DependencyContainer } from 'tsyringe';
import { CatalogService } from '../catalog/CatalogService';
import { ConnectionService } from '../connection/ConnectionService';
import { Tokens } from '../di/tokens';
import type { Logger } from '../host/Host';
import { LicenseService } from '../installations/LicenseService';
import { MappingService } from '../mapping/MappingService';
import { PermissionGuard } from '../permissions/PermissionGuard';
import { PermissionService } from '../permissions/PermissionService';
import { DuplicateReleaseService } from '../posting/DuplicateReleaseService';
import { PostingService } from '../posting/PostingService';
import { ReportDetailService } from '../posting/ReportDetailService';
import { HonorariosBookService } from '../reports/HonorariosBook';
import { ReportIssueRepository } from '../reports/ReportIssueRepository';
import { InformesQuery } from '../reports/InformesQuery';
import { SettingsService } from '../settings/SettingsService';
import { SyncRunRepository } from '../sync/SyncRunRepository';
import { SyncService } from '../sync/SyncService';

/** Everything the route modules call: they get it from here, never from the container. */
export interface RouteServices {
  /** The guards every route passes (route.ts toPluginRoute). */
  license: LicenseService;
  guard: PermissionGuard;
  logger: Logger;
  connections: ConnectionService;
  catalog: CatalogService;
  settings: SettingsService;
  mappings: MappingService;
  permissions: PermissionService;
  posting: PostingService;
  reportDetails: ReportDetailService;
  /** "No es duplicado" releases. */
  duplicateReleases: DuplicateReleaseService;
  honorariosBook: HonorariosBookService;
  informes: InformesQuery;
  /** Open problems, counted and grouped (read-only). */
  issues: ReportIssueRepository;
  /** The last sync run (read-only). */
  syncRuns: SyncRunRepository;
  sync: SyncService;
}

/** The one place the routes' collaborators are resolved (the DI contract test builds the route table from the real root). */
export function resolveRouteServices(c: DependencyContainer): RouteServices {
  return {
    license: c.resolve(LicenseService),
    guard: c.resolve(PermissionGuard),
    logger: c.resolve<Logger>(Tokens.Logger),
    connections: c.resolve(ConnectionService),
    catalog: c.resolve(CatalogService),
    settings: c.resolve(SettingsService),
    mappings: c.resolve(MappingService),
    permissions: c.resolve(PermissionService),
    posting: c.resolve(PostingService),
    reportDetails: c.resolve(ReportDetailService),
    duplicateReleases: c.resolve(DuplicateReleaseService),
    honorariosBook: c.resolve(HonorariosBookService),
    informes: c.resolve(InformesQuery),
    issues: c.resolve(ReportIssueRepository),
    syncRuns: c.resolve(SyncRunRepository),
    sync: c.resolve(SyncService),
  };
}
