/** What the store says to a buyer, in es-CL: prices and confirmations. */
import type { PluginManifest } from '../pluginLoader';

const clp = new Intl.NumberFormat('es-CL', { style: 'currency', currency: 'CLP', maximumFractionDigits: 0 });

/**
 * Closes a sentence with a period unless it already ends in one (or in "!", "?", "…"):
 * "… activa para Minera Los Pinos Ltda." never gets a second period.
 */
export function endSentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** e.g. "$29.900 mensual, IVA incluido" or "$29.900 pago único + IVA". */
export function priceLabel(store: PluginManifest['store']): string {
  const period = store.billing === 'monthly' ? 'mensual' : 'pago único';
  const iva = store.priceIncludesIva ? ', IVA incluido' : ' + IVA';
  return `${clp.format(store.priceClp)} ${period}${iva}`;
}

/** The confirmation after a paid order activated its plugin. */
export function activationMessage(productTitle: string, companyName: string): string {
  return endSentence(`Pago confirmado. La ${productTitle} quedó activa para ${companyName}`);
}
