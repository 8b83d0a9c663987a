import { html, type TemplateResult } from 'lit';
import type { ApiClient } from './api';
import type { BusinessCenter, LedgerAccount } from './types';

/** A ledger entry a picker offers: a code and its name. */
export interface Pickable {
  code: string;
  name: string;
}

export interface LedgerChoices {
  accounts: LedgerAccount[];
  businessCenters: BusinessCenter[];
}

/** The active, postable accounts and business centers, read in one round trip. */
export async function loadLedgerChoices(api: ApiClient): Promise<LedgerChoices> {
  const [{ accounts }, { businessCenters }] = await Promise.all([
    api.get<{ accounts: LedgerAccount[] }>('/ledger/accounts'),
    api.get<{ businessCenters: BusinessCenter[] }>('/ledger/business-centers'),
  ]);
  return { accounts, businessCenters };
}

/** What a picker shows for a code: `4110206001 · Materiales de oficina`. */
export function describeCode(code: string | null | undefined, choices: readonly Pickable[]): string {
  if (!code) return '';
  const found = choices.find((c) => c.code === code);
  return found ? `${found.code} · ${found.name}` : code;
}

/** The code in what the user typed or picked: the part before ` · `, trimmed. */
export function codeOf(text: string): string {
  return text.split(' · ')[0].trim();
}

/**
 * A searchable picker: a native text input with a <datalist> of `code · name`, so typing part of a
 * code or a name narrows the choices. The field's message, when there is one, sits right under it.
 */
export function picker(opts: {
  id: string;
  label: string;
  name: string;
  value: string;
  choices: readonly Pickable[];
  error?: string;
  required?: boolean;
}): TemplateResult {
  const listId = `${opts.id}-list`;
  const errorId = `${opts.id}-error`;
  return html`<div class="field">
    <label for=${opts.id}>${opts.label}</label>
    <input
      id=${opts.id}
      name=${opts.name}
      list=${listId}
      autocomplete="off"
      placeholder="Escriba parte del código o del nombre"
      .value=${opts.value}
      ?required=${opts.required ?? false}
      aria-invalid=${opts.error ? 'true' : 'false'}
      aria-describedby=${errorId}
    />
    <datalist id=${listId}>
      ${opts.choices.map((c) => html`<option value=${`${c.code} · ${c.name}`}></option>`)}
    </datalist>
    <p class="field-error" id=${errorId}>${opts.error ?? ''}</p>
  </div>`;
}
