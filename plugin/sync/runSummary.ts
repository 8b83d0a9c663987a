/** What a finished sync run did, in one Spanish sentence for the status line and the UI. */
import type { SyncCounts, SyncOutcome } from './SyncRunRepository';

function count(n: number, singular: string, plural: string): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/**
 * e.g. "Sincronización terminada: 120 rendiciones leídas (118 nuevas, 2 sin cambios); 100
 * centralizadas, 18 bloqueadas; 300 marcas enviadas a Rindegastos." Zero counts are left out,
 * except the reports read.
 */
export function summarizeRun(outcome: SyncOutcome, counts: SyncCounts, error?: string | null): string {
  const n = (key: string) => counts[key] ?? 0;
  const read = [
    n('new') && count(n('new'), 'nueva', 'nuevas'),
    n('changed') && count(n('changed'), 'modificada', 'modificadas'),
    n('unchanged') && count(n('unchanged'), 'sin cambios', 'sin cambios'),
    n('rejected') && count(n('rejected'), 'ilegible', 'ilegibles'),
  ].filter(Boolean);
  const waiting = n('ready') - n('posted');
  const outcomes = [
    n('posted') && count(n('posted'), 'centralizada', 'centralizadas'),
    waiting > 0 && count(waiting, 'lista para centralizar', 'listas para centralizar'),
    n('blocked') && count(n('blocked'), 'bloqueada', 'bloqueadas'),
    n('failed') && count(n('failed'), 'con error al centralizar', 'con error al centralizar'),
    n('changedAfterPosting') &&
      count(n('changedAfterPosting'), 'cambiada después de centralizar', 'cambiadas después de centralizar'),
  ].filter(Boolean);
  const marks = [
    n('writeBacksDone') && count(n('writeBacksDone'), 'marca enviada', 'marcas enviadas'),
    n('writeBacksFailed') && count(n('writeBacksFailed'), 'marca pendiente', 'marcas pendientes'),
  ].filter(Boolean);

  let text = `${count(n('fetched'), 'rendición leída', 'rendiciones leídas')}`;
  if (read.length) text += ` (${read.join(', ')})`;
  if (outcomes.length) text += `; ${outcomes.join(', ')}`;
  if (marks.length) text += `; ${marks.join(', ')} a Rindegastos`;
  const head =
    outcome === 'succeeded'
      ? 'Sincronización terminada'
      : outcome === 'partial'
        ? 'Sincronización terminada con problemas (vea el detalle)'
        : outcome === 'interrupted'
          ? `Sincronización interrumpida: ${(error ?? 'el proceso se detuvo').replace(/\.$/, '')}. Alcanzó a hacer`
          : `Sincronización fallida: ${(error ?? 'error interno').replace(/\.$/, '')}. Alcanzó a hacer`;
  return `${head}: ${text}.`;
}
