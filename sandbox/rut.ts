/**
 * Chilean RUT (Rol Único Tributario) for generated data: the check digit and the dotted format.
 * The módulo 11 arithmetic is @fdograph/rut-utilities', as in the plugin and the host.
 */
import { calculateRutVerifier, validateRut } from '@fdograph/rut-utilities';

/** Check digit of a RUT body (módulo 11), "K" upper-case. */
export function rutCheckDigit(body: number): string {
  return calculateRutVerifier(String(Math.floor(body))).toUpperCase();
}

/** `12345678` → `12.345.678-5`. */
export function formatRut(body: number): string {
  const digits = String(Math.floor(body)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${digits}-${rutCheckDigit(body)}`;
}

/**
 * True when `rut` (dots and dash optional, K either case) has a valid check digit. Only the
 * arithmetic: placeholder RUTs such as 11.111.111-1 pass, as they do in Rindegastos.
 */
export function isValidRut(rut: string): boolean {
  return validateRut(rut.trim(), false);
}
