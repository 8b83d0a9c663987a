import type { ClassConstructor } from 'class-transformer';
import type { ClosedPeriodPolicy } from '../accounting/model';
import {
  Allow,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsCleanText } from '../../shared/validation/inputRules';
import {
  SETTING_KEYS,
  STALE_EXPENSE_DAYS_RANGE,
  SYNC_INTERVAL_RANGE,
  type PluginSettings,
  type SettingKey,
} from './settings';

/** Validates a value that was given; `null` counts as given (and fails unless allowed). */
const Given = () => ValidateIf((_o, v) => v !== undefined);
/** Validates a value that was given and is not null (null clears an optional account). */
const GivenNotNull = () => ValidateIf((_o, v) => v !== undefined && v !== null);

const BOOLEAN = { message: 'debe ser verdadero o falso' };
const FIELD_NAME = 'debe ser el nombre del campo adicional en Rindegastos (1 a 100 caracteres)';

/**
 * A partial update of Configuración General: every field optional, each checked for type and
 * range. Accounts and glosa placeholders are checked by SettingsService (they need the ledger).
 */
export class SettingsPatchDto implements Partial<PluginSettings> {
  @Given() @IsBoolean(BOOLEAN) autoPost?: boolean;

  @Given()
  @IsInt({
    message: `debe ser un número entero de minutos entre ${SYNC_INTERVAL_RANGE.min} y ${SYNC_INTERVAL_RANGE.max}`,
  })
  @Min(SYNC_INTERVAL_RANGE.min, {
    message: `debe ser al menos ${SYNC_INTERVAL_RANGE.min} ${SYNC_INTERVAL_RANGE.min === 1 ? 'minuto' : 'minutos'}`,
  })
  @Max(SYNC_INTERVAL_RANGE.max, { message: `no puede superar ${SYNC_INTERVAL_RANGE.max} minutos (un día)` })
  syncIntervalMinutes?: number;

  @Given()
  @IsIn(['report', 'expense'], {
    message: 'debe ser "report" (un comprobante por informe) o "expense" (uno por gasto)',
  })
  grouping?: 'report' | 'expense';

  @Given()
  @IsIn(['close', 'send', 'lastExpense', 'posting'], {
    message:
      'debe ser "close" (fecha de cierre), "send" (fecha de envío), "lastExpense" (último gasto) o "posting" (día de centralización)',
  })
  voucherDate?: 'close' | 'send' | 'lastExpense' | 'posting';

  @Given()
  @IsString({ message: 'debe ser el tipo de comprobante, p. ej. TRASPASO' })
  @Matches(/^\S(.*\S)?$/, { message: 'no puede estar vacío ni empezar o terminar con espacios' })
  @MaxLength(30, { message: 'no puede superar 30 caracteres' })
  @IsCleanText()
  voucherType?: string;

  @Given()
  @IsString({ message: 'debe ser un texto, p. ej. "Rendición N° {number} {employee}"' })
  @MinLength(1, { message: 'no puede estar vacía' })
  @MaxLength(200, { message: 'no puede superar 200 caracteres' })
  @IsCleanText()
  glosaTemplate?: string;

  @Given()
  @IsIn(['none', 'credit', 'all'], {
    message: 'debe ser "none" (no agrupar), "credit" (agrupar líneas de haber) o "all" (agrupar todas)',
  })
  mergeLines?: 'none' | 'credit' | 'all';

  @GivenNotNull()
  @IsString({ message: 'debe ser el código de una cuenta o null' })
  @MaxLength(20, { message: 'debe ser el código de una cuenta (hasta 20 caracteres) o null' })
  ivaCreditAccount?: string | null;
  @GivenNotNull()
  @IsString({ message: 'debe ser el código de una cuenta o null' })
  @MaxLength(20, { message: 'debe ser el código de una cuenta (hasta 20 caracteres) o null' })
  retentionAccount?: string | null;

  @Given()
  @IsString({ message: FIELD_NAME })
  @Matches(/\S/, { message: FIELD_NAME })
  @MaxLength(100, { message: FIELD_NAME })
  @IsCleanText()
  documentTypeField?: string;
  @Given()
  @IsString({ message: FIELD_NAME })
  @Matches(/\S/, { message: FIELD_NAME })
  @MaxLength(100, { message: FIELD_NAME })
  @IsCleanText()
  costCenterField?: string;
  @Given()
  @IsString({ message: FIELD_NAME })
  @Matches(/\S/, { message: FIELD_NAME })
  @MaxLength(100, { message: FIELD_NAME })
  @IsCleanText()
  supplierRutField?: string;
  @Given()
  @IsString({ message: FIELD_NAME })
  @Matches(/\S/, { message: FIELD_NAME })
  @MaxLength(100, { message: FIELD_NAME })
  @IsCleanText()
  documentNumberField?: string;

  @Given()
  @IsIn(['rechazar', 'primerDiaAbierto'], {
    message:
      'debe ser "rechazar" (bloquear el informe) o "primerDiaAbierto" (contabilizar el primer día del siguiente período abierto)',
  })
  closedPeriodPolicy?: ClosedPeriodPolicy;

  @Given()
  @IsInt({ message: 'debe ser un número entero de días (0 la desactiva)' })
  @Min(STALE_EXPENSE_DAYS_RANGE.min, { message: 'no puede ser negativo (0 la desactiva)' })
  @Max(STALE_EXPENSE_DAYS_RANGE.max, { message: `no puede superar ${STALE_EXPENSE_DAYS_RANGE.max} días` })
  staleExpenseDays?: number;

  @Given() @IsBoolean(BOOLEAN) repostOnChange?: boolean;

  @Given()
  @IsString({ message: 'debe ser una fecha AAAA-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'debe ser una fecha AAAA-MM-DD' })
  importFrom?: string;
}

/**
 * The route's body: only the known keys pass (unknown ones are rejected by the route), their
 * values are checked by SettingsService so every settings message carries the bare field name.
 * Derived from SETTING_KEYS, so a new setting needs no second list here.
 */
export type SettingsBody = Partial<Record<SettingKey, unknown>>;
export const SettingsBody: ClassConstructor<SettingsBody> = (() => {
  class Body {}
  for (const key of SETTING_KEYS) Allow()(Body.prototype, key);
  return Body;
})();
