import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import semver from 'semver';
import { ValidationError } from '../errors/errors';
import { validateDto } from '../../shared/validation/validateDto';

export class ManifestStoreDto {
  @IsString() @IsNotEmpty() sku!: string;
  @IsString() @IsNotEmpty() title!: string;
  @IsString() description!: string;
  @IsArray() @IsString({ each: true }) @ArrayMinSize(1) path!: string[];
  @IsIn(['on-payment']) activation!: 'on-payment';
  @IsInt() @IsPositive() priceClp!: number;
  /** What the price pays for: a month of use (a subscription) or the product once. */
  @IsIn(['monthly', 'one-time']) billing!: 'monthly' | 'one-time';
  /** Whether `priceClp` already includes IVA (19%), as a store shows it to a Chilean company. */
  @IsBoolean() priceIncludesIva!: boolean;
}

export class ManifestPermissionDto {
  @Matches(/^rindegastos\.[a-z]+$/) id!: string;
  @IsString() @IsNotEmpty() label!: string;
}

export class ManifestMenuDto {
  @IsString() @IsNotEmpty() id!: string;
  @IsArray() @IsString({ each: true }) @ArrayMinSize(2) path!: string[];
  @Matches(/^\/[a-z0-9/-]+$/) route!: string;
  @IsString() @IsNotEmpty() permission!: string;
  /** Custom element rendered for the route, e.g. `rg-informes`. */
  @IsOptional() @Matches(/^[a-z]+-[a-z0-9-]+$/) element?: string;
  /** ES module (relative to the package root) that defines `element`. */
  @IsOptional() @IsString() module?: string;
}

/** Where the host's voucher list links a voucher of this plugin's source back to its origin. */
export class ManifestVoucherOriginDto {
  /** A shell route with `{voucherId}`, under one of the plugin's menu routes. */
  @Matches(/^\/[a-z0-9/-]+\/\{voucherId\}$/) route!: string;
}

export class ManifestHookDto {
  @IsIn(['posting.prepare', 'posting.validate', 'posting.afterPost', 'ledger.voucherEvent']) point!: string;
  @IsString() @IsNotEmpty() handler!: string;
}

export class ManifestJobDto {
  @IsString() @IsNotEmpty() id!: string;
  @IsOptional() @IsString() every?: string;
  @IsOptional() @IsString() cron?: string;
  @IsInt() @IsPositive() timeoutSeconds!: number;
}

export class ManifestMigrationsDto {
  @IsString() @IsNotEmpty() table!: string;
  @IsString() @IsNotEmpty() module!: string;
}

export class ManifestDto {
  @Matches(/^[a-z][a-z0-9-]*$/) id!: string;
  @IsString() @IsNotEmpty() name!: string;
  @IsString() @IsNotEmpty() version!: string;
  @IsString() @IsNotEmpty() hostApi!: string;
  @IsString() @IsNotEmpty() main!: string;
  @ValidateNested() @Type(() => ManifestMigrationsDto) migrations!: ManifestMigrationsDto;
  @ValidateNested() @Type(() => ManifestStoreDto) store!: ManifestStoreDto;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ManifestPermissionDto)
  permissions!: ManifestPermissionDto[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => ManifestMenuDto) menus!: ManifestMenuDto[];
  @IsOptional()
  @ValidateNested()
  @Type(() => ManifestVoucherOriginDto)
  voucherOrigin?: ManifestVoucherOriginDto;
  @IsArray() @IsString({ each: true }) routes!: string[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => ManifestHookDto) hooks!: ManifestHookDto[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => ManifestJobDto) jobs!: ManifestJobDto[];
}

/**
 * Validates a manifest: shape (DTO) and the semantic rules a DTO cannot express
 * (semver fields, ids unique, menus referencing declared permissions).
 */
export function parseManifest(plain: unknown): ManifestDto {
  const manifest = validateDto(ManifestDto, plain, { path: 'manifest' });
  const problems: { field: string; message: string }[] = [];
  if (!semver.valid(manifest.version))
    problems.push({ field: 'manifest.version', message: 'no es una versión semver' });
  if (!semver.validRange(manifest.hostApi))
    problems.push({ field: 'manifest.hostApi', message: 'no es un rango semver' });
  const permissionIds = new Set(manifest.permissions.map((p) => p.id));
  manifest.menus.forEach((menu, i) => {
    if (!permissionIds.has(menu.permission)) {
      problems.push({
        field: `manifest.menus.${i}.permission`,
        message: `permiso no declarado: ${menu.permission}`,
      });
    }
    if ((menu.element === undefined) !== (menu.module === undefined)) {
      problems.push({ field: `manifest.menus.${i}`, message: 'element y module van juntos' });
    }
  });
  manifest.jobs.forEach((job, i) => {
    if ((job.every === undefined) === (job.cron === undefined)) {
      problems.push({ field: `manifest.jobs.${i}`, message: 'indique exactamente uno de every o cron' });
    }
  });
  for (const [field, ids] of [
    ['manifest.routes', manifest.routes],
    ['manifest.menus', manifest.menus.map((m) => m.id)],
    ['manifest.jobs', manifest.jobs.map((j) => j.id)],
    ['manifest.permissions', manifest.permissions.map((p) => p.id)],
  ] as const) {
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) problems.push({ field, message: `id repetido: ${dup}` });
  }
  if (problems.length) throw new ValidationError(problems);
  return manifest;
}
