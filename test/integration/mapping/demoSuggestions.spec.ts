import { expect } from 'chai';
import { forEachDatabase } from '../../support/databases';
import { startPostingBed, type PostingBed } from '../../support/postingBed';
import { useSandbox } from '../../support/sandbox';

type Item = {
  id: number;
  remoteKey: string;
  name: string;
  mapped: boolean;
  mapping: { debitAccount: string | null; creditAccount: string | null };
  suggestion: { debitAccount: string; reason: string } | null;
};

forEachDatabase("mapping suggestions on the demo company's Cuentas", (suite) => {
  const sandbox = useSandbox({ reports: 2, expensesPerReport: 2 });
  let bed: PostingBed;
  beforeEach(async () => {
    sandbox().reset();
    bed = await startPostingBed(suite.db, sandbox());
  });
  afterEach(() => bed.stop());

  const accounts = async () =>
    bed.ok<{ counts: { total: number; suggestions: number }; items: Item[] }>('mappings.list', {
      params: { kind: 'accounts' },
    });

  it('suggests by the ERP code typed in Rindegastos (with or without separators) and by name, saying why', async () => {
    const list = await accounts();
    const suggested = Object.fromEntries(
      list.items.map((i) => [i.remoteKey, i.suggestion && [i.suggestion.debitAccount, i.suggestion.reason]]),
    );
    expect(suggested).to.deep.include({
      '4110205002': ['4110205002', 'código igual a 4110205002'],
      '41.102.03.002': ['4110203002', 'código igual a 4110203002'],
      '4-110-206-001': ['4110206001', 'código igual a 4110206001'],
      '4110207001': ['4110207001', 'código igual a 4110207001'],
      '4-1-02-01-02': ['4110201002', 'nombre parecido: Combustibles'],
      '4-1-02-05-01': ['4110205001', 'nombre parecido: Alimentación y viáticos'],
      '4-1-02-01-05': ['4110202001', 'nombre parecido: Mantención de vehículos'],
      '4-1-02-03-02': ['4110203001', 'nombre parecido: Pasajes y traslados'],
      '4-1-02-03-03': ['4110203001', 'nombre parecido: Pasajes y traslados'],
    });
    // Nothing alike in the chart: no guess; a shared side word is not enough.
    expect(suggested['4-1-02-06-02']).to.equal(null); // Courier y correspondencia
    expect(suggested['4-1-02-08-01']).to.equal(null); // Atención a clientes ≠ Clientes nacionales
    expect(list.counts.suggestions).to.be.at.least(8);
    // Never applied silently: every item is still unmapped until the user accepts.
    expect(list.items.every((i) => !i.mapped && i.mapping.debitAccount === null)).to.equal(true);
  });

  it('applies the suggestions only when the user accepts them, as the Debe', async () => {
    const accepted = await bed.ok<{ accepted: { remoteKey: string; debitAccount: string }[] }>(
      'mappings.acceptSuggestions',
    );
    expect(accepted.accepted).to.deep.include({
      id: (await accounts()).items.find((i) => i.remoteKey === '41.102.03.002')!.id,
      remoteKey: '41.102.03.002',
      debitAccount: '4110203002',
    });
    const after = (await accounts()).items.find((i) => i.remoteKey === '4-1-02-01-02')!;
    expect(after.mapping.debitAccount).to.equal('4110201002');
    expect(after.suggestion).to.equal(null);
  });
});
