import { Allow, IsBoolean, IsIn, IsString, ValidateIf } from 'class-validator';
import type { DocumentKind } from '../accounting/model';
import { DOCUMENT_KINDS } from '../accounting/documentKinds';

/** null is a value here (it clears the side); a missing key still fails IsString. */
const NotNull = () => ValidateIf((_o, v) => v !== null);

/** Debe/Haber of a Cuenta, Categoría or Categoría de factura; null clears a side. */
export class AccountPairDto {
  @NotNull()
  @IsString({ message: 'indique el código de la cuenta del Debe (o null para quitarla)' })
  debitAccount!: string | null;

  @NotNull()
  @IsString({ message: 'indique el código de la cuenta del Haber (o null para quitarla)' })
  creditAccount!: string | null;
}

/** Centro de Negocios of a cost center; null clears it. */
export class BusinessCenterDto {
  @NotNull()
  @IsString({ message: 'indique el código del centro de negocios del ERP (o null para quitarlo)' })
  businessCenter!: string | null;
}

export class DocumentKindDto {
  @IsIn(DOCUMENT_KINDS, {
    message: 'debe ser "factura", "boleta", "honorarios" u "other" (otro documento sin IVA recuperable)',
  })
  documentKind!: DocumentKind;
}

/** Categorías de factura: whether the factura's IVA is crédito fiscal. */
export class IvaRecoverableDto {
  @IsBoolean({
    message: 'debe ser true (el IVA es crédito fiscal) o false (IVA no recuperable: va a la línea del gasto)',
  })
  ivaRecoverable!: boolean;
}

/** The route's body: the fields of every list; MappingService checks which apply to the kind. */
export class MappingBody {
  @Allow() debitAccount?: unknown;
  @Allow() creditAccount?: unknown;
  @Allow() businessCenter?: unknown;
  @Allow() documentKind?: unknown;
  @Allow() ivaRecoverable?: unknown;
}
