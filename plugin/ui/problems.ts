import { html, nothing, type TemplateResult } from 'lit';
import type { MappingDialog } from './MappingDialog';
import { kindOfSubject } from './mappingKinds';
import { ApiError, type ApiClient } from './api';
import type { MappingList, ProblemSubject } from './types';

/** The problem subjects a mapping fixes: "Configurar" opens the mapping dialog for them. */
export function isConfigurable(subject: ProblemSubject | null | undefined): subject is ProblemSubject {
  return Boolean(subject && kindOfSubject(subject.kind));
}

/** Finds the Centralización item a problem names and opens the mapping dialog on it. */
export async function configureSubject(
  api: ApiClient,
  dialog: MappingDialog,
  subject: ProblemSubject,
): Promise<void> {
  const kind = kindOfSubject(subject.kind)!;
  const list = await api.get<MappingList>(`/mappings/${kind.segment}`);
  const item = list.items.find((i) => i.remoteKey === subject.key);
  if (!item)
    throw new ApiError(
      `No existe el ítem «${subject.key}» en Centralización › ${kind.label}; reimporte la configuración en Token.`,
      404,
      'NOT_FOUND',
    );
  await dialog.open(kind, item);
}

/** Where a setting a problem names is set. */
export const GENERAL_ROUTE = '/rindegastos/configuracion/general';

/**
 * The "Configurar" button of a problem: the mapping dialog in place for a Centralización item,
 * Configuración General for a missing setting; nothing when neither fixes it.
 */
export function configureButton(
  subject: ProblemSubject | null,
  describedBy: string,
  onClick: (subject: ProblemSubject) => void,
  onSetting: () => void,
): TemplateResult | typeof nothing {
  if (subject?.kind === 'setting')
    return html`<button type="button" aria-describedby=${describedBy} @click=${onSetting}>
      Configurar en General
    </button>`;
  if (!isConfigurable(subject)) return nothing;
  return html`<button type="button" aria-describedby=${describedBy} @click=${() => onClick(subject)}>
    Configurar
  </button>`;
}
