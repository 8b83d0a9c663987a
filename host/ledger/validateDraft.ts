import { validateRut } from '@fdograph/rut-utilities';
import type {
  BusinessCenter,
  LedgerAccount,
  PostingRejection,
  VoucherDraft,
  VoucherLine,
} from '../../plugin/index';
import { isCalendarDate } from '../../shared/validation/inputRules';

/** What the built-in validation needs to know about the company's ledger. */
export interface ValidationFacts {
  /**
   * The chart the lines are checked against. Omitted for a reversal: it mirrors lines the ledger
   * already accepted, and an account deactivated since must not stop undoing them.
   */
  chart?: {
    accounts: ReadonlyMap<string, LedgerAccount>;
    businessCenters: ReadonlyMap<string, BusinessCenter>;
  };
  /** `YYYY-MM` periods explicitly closed. A period without a row is open. */
  closedPeriods: ReadonlySet<string>;
  glosaMaxLength: number;
}

/** Column widths of host_vouchers / host_voucher_lines; longer values are refused, never cut. */
const MAX = { source: 64, type: 32, auxiliaryName: 200, documentType: 16, documentNumber: 32 };

const pesos = new Intl.NumberFormat('es-CL', { maximumFractionDigits: 0 });

function isAmount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function present(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

function lineLabel(index: number, line: Partial<VoucherLine>): string {
  return present(line.accountCode) ? `Línea ${index + 1} (cuenta ${line.accountCode})` : `Línea ${index + 1}`;
}

/**
 * The built-in validation of a draft: shape, balance to the peso, accounts, business centers,
 * required analyses and the period. Pure; returns every rejection at once, each naming its line.
 */
export function validateDraft(draft: VoucherDraft, facts: ValidationFacts): PostingRejection[] {
  const out: PostingRejection[] = [];
  const reject = (r: PostingRejection) => out.push(r);

  if (!present(draft.source) || draft.source.length > MAX.source) {
    reject({
      code: 'invalid_draft',
      message: `El comprobante debe indicar su origen (hasta ${MAX.source} caracteres).`,
    });
  }
  if (!present(draft.type) || draft.type.length > MAX.type) {
    reject({
      code: 'invalid_draft',
      message: `El comprobante debe indicar su tipo (por ejemplo TRASPASO, hasta ${MAX.type} caracteres).`,
    });
  }
  if (!present(draft.glosa)) {
    reject({ code: 'invalid_draft', message: 'El comprobante debe tener glosa.' });
  } else if (draft.glosa.length > facts.glosaMaxLength) {
    reject({
      code: 'invalid_draft',
      message: `La glosa del comprobante tiene ${draft.glosa.length} caracteres; el máximo es ${facts.glosaMaxLength}.`,
    });
  }
  if (typeof draft.currency !== 'string' || !/^[A-Z]{3}$/.test(draft.currency)) {
    reject({
      code: 'invalid_draft',
      message: `La moneda del comprobante debe ser un código ISO 4217 de 3 letras (recibido: ${String(draft.currency)}).`,
    });
  }
  if (!isCalendarDate(draft.date)) {
    reject({
      code: 'invalid_draft',
      message: `La fecha del comprobante debe ser una fecha válida AAAA-MM-DD (recibido: ${String(draft.date)}).`,
    });
  } else if (facts.closedPeriods.has(draft.date.slice(0, 7))) {
    reject({
      code: 'closed_period',
      message: `El período ${draft.date.slice(0, 7)} está cerrado: no se pueden registrar comprobantes con fecha ${draft.date}. Abra el período o cambie la fecha.`,
    });
  }

  if (!Array.isArray(draft.lines)) {
    reject({ code: 'invalid_draft', message: 'El comprobante no trae líneas.' });
    return out;
  }
  if (draft.lines.length < 2) {
    reject({
      code: 'invalid_draft',
      message: `El comprobante debe tener al menos 2 líneas (tiene ${draft.lines.length}).`,
    });
  }

  let debit = 0;
  let credit = 0;
  let amountsValid = true;
  draft.lines.forEach((raw: unknown, lineIndex) => {
    if (raw === null || typeof raw !== 'object') {
      amountsValid = false;
      reject({
        code: 'invalid_draft',
        lineIndex,
        message: `Línea ${lineIndex + 1}: no es una línea de comprobante.`,
      });
      return;
    }
    const line = raw as Partial<VoucherLine>;
    const label = lineLabel(lineIndex, line);
    const accountCode = present(line.accountCode) ? line.accountCode : undefined;
    const at = accountCode === undefined ? { lineIndex } : { lineIndex, accountCode };

    if (!isAmount(line.debit) || !isAmount(line.credit)) {
      amountsValid = false;
      reject({
        code: 'invalid_draft',
        ...at,
        message: `${label}: el debe y el haber deben ser montos enteros no negativos en pesos (debe ${String(line.debit)}, haber ${String(line.credit)}).`,
      });
    } else {
      debit += line.debit;
      credit += line.credit;
      if (line.debit > 0 === line.credit > 0) {
        reject({
          code: 'invalid_draft',
          ...at,
          message: `${label}: debe tener monto en el debe o en el haber, uno solo y mayor que cero (debe ${pesos.format(line.debit)}, haber ${pesos.format(line.credit)}).`,
        });
      }
    }
    if (typeof line.glosa !== 'string') {
      reject({ code: 'invalid_draft', ...at, message: `${label}: falta la glosa de la línea.` });
    } else if (line.glosa.length > facts.glosaMaxLength) {
      reject({
        code: 'invalid_draft',
        ...at,
        message: `${label}: la glosa tiene ${line.glosa.length} caracteres; el máximo es ${facts.glosaMaxLength}.`,
      });
    }
    checkAnalysesShape(line, label, at, reject);

    if (accountCode === undefined) {
      reject({ code: 'invalid_draft', lineIndex, message: `${label}: falta la cuenta contable.` });
    } else if (facts.chart) {
      checkAccount(line, accountCode, label, at, facts.chart.accounts, reject);
    }
    if (facts.chart && line.businessCenterCode !== undefined && line.businessCenterCode !== null) {
      checkBusinessCenter(String(line.businessCenterCode), label, at, facts.chart.businessCenters, reject);
    }
  });

  if (amountsValid && debit !== credit) {
    reject({
      code: 'unbalanced',
      message: `El comprobante no cuadra: debe $${pesos.format(debit)}, haber $${pesos.format(credit)} (diferencia $${pesos.format(Math.abs(debit - credit))}).`,
    });
  }
  return out;
}

type At = { lineIndex: number; accountCode?: string };

function checkAnalysesShape(
  line: Partial<VoucherLine>,
  label: string,
  at: At,
  reject: (r: PostingRejection) => void,
): void {
  const aux = line.auxiliary;
  if (aux !== undefined && aux !== null) {
    if (present(aux.rut) && !validateRut(aux.rut)) {
      reject({
        code: 'invalid_draft',
        ...at,
        message: `${label}: el RUT del auxiliar ${aux.rut} no es válido.`,
      });
    }
    if (typeof aux.name === 'string' && aux.name.length > MAX.auxiliaryName) {
      reject({
        code: 'invalid_draft',
        ...at,
        message: `${label}: el nombre del auxiliar supera ${MAX.auxiliaryName} caracteres.`,
      });
    }
  }
  const doc = line.document;
  if (doc !== undefined && doc !== null) {
    if (
      (typeof doc.type === 'string' && doc.type.length > MAX.documentType) ||
      (typeof doc.number === 'string' && doc.number.length > MAX.documentNumber)
    ) {
      reject({
        code: 'invalid_draft',
        ...at,
        message: `${label}: el documento admite un tipo de hasta ${MAX.documentType} caracteres y un número de hasta ${MAX.documentNumber}.`,
      });
    }
  }
}

function checkAccount(
  line: Partial<VoucherLine>,
  code: string,
  label: string,
  at: At,
  accounts: ReadonlyMap<string, LedgerAccount>,
  reject: (r: PostingRejection) => void,
): void {
  const account = accounts.get(code);
  if (!account) {
    reject({
      code: 'unknown_account',
      ...at,
      message: `${label}: la cuenta ${code} no existe en el plan de cuentas.`,
    });
    return;
  }
  const named = `la cuenta ${account.code} ${account.name}`;
  if (!account.active) {
    reject({ code: 'inactive_account', ...at, message: `${label}: ${named} está inactiva.` });
  }
  if (!account.postable) {
    reject({
      code: 'non_postable_account',
      ...at,
      message: `${label}: ${named} no es imputable (es una cuenta de agrupación); use una cuenta de detalle.`,
    });
  }
  if (account.requires.businessCenter && !present(line.businessCenterCode)) {
    reject({
      code: 'missing_business_center',
      ...at,
      message: `${label}: ${named} exige centro de negocios.`,
    });
  }
  if (account.requires.auxiliary && !(present(line.auxiliary?.rut) && present(line.auxiliary?.name))) {
    reject({
      code: 'missing_auxiliary',
      ...at,
      message: `${label}: ${named} exige auxiliar (RUT y nombre).`,
    });
  }
  if (account.requires.document && !(present(line.document?.type) && present(line.document?.number))) {
    reject({
      code: 'missing_document',
      ...at,
      message: `${label}: ${named} exige documento (tipo y número).`,
    });
  }
}

function checkBusinessCenter(
  code: string,
  label: string,
  at: At,
  businessCenters: ReadonlyMap<string, BusinessCenter>,
  reject: (r: PostingRejection) => void,
): void {
  const center = businessCenters.get(code);
  if (!center) {
    reject({
      code: 'unknown_business_center',
      ...at,
      message: `${label}: el centro de negocios ${code} no existe.`,
    });
    return;
  }
  // The contract has no separate code for an inactive center: it cannot be posted to either.
  if (!center.active) {
    reject({
      code: 'non_postable_business_center',
      ...at,
      message: `${label}: el centro de negocios ${code} ${center.name} está inactivo.`,
    });
  } else if (!center.postable) {
    reject({
      code: 'non_postable_business_center',
      ...at,
      message: `${label}: el centro de negocios ${code} ${center.name} no es imputable (agrupa otros centros); use un centro de detalle.`,
    });
  }
}
