import { expect } from 'chai';
import { extraFieldCode, extraFieldText, findExtraField } from '../../../plugin/accounting/extraFields';
import { buildBoleta, buildReportInput, mustBuildOne } from '../../support/accountingFactories';

describe('extra fields', () => {
  const fields = [
    { Name: 'Tipo de Documento', Value: 'Factura electrónica', Code: '33' },
    { Name: 'Número de Documento', Value: ' 1234567 ', Code: '' },
  ];

  it('finds a field ignoring case, accents and spacing', () => {
    expect(findExtraField(fields, 'numero  de documento')?.Value).to.equal(' 1234567 ');
    expect(findExtraField(fields, 'TIPO DE DOCUMENTO')?.Code).to.equal('33');
    expect(findExtraField(fields, 'Centro de Costo')).to.equal(undefined);
    expect(findExtraField(fields, '')).to.equal(undefined);
  });

  it('reads the option Code of list fields and the typed Value of text fields', () => {
    expect(extraFieldCode(fields, 'Tipo de Documento')).to.equal('33');
    expect(extraFieldText(fields, 'Número de Documento')).to.equal('1234567');
    expect(extraFieldCode(fields, 'Centro de Costo')).to.equal('');
  });

  it('takes the cost center from the option Code, never from its label', () => {
    const expense = buildBoleta({ id: 1, costCenter: undefined });
    expense.extraFields.push({ Name: 'Centro de costo', Value: 'CC-999', Code: 'CC-210' });
    const draft = mustBuildOne(buildReportInput({ expenses: [expense] }));
    expect(draft.lines[0].businessCenterCode).to.equal('EMPNEGVTAVTA000');
  });
});
