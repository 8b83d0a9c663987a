import { expect } from 'chai';
import fc from 'fast-check';
import { expenseFacts } from '../../../plugin/accounting/expenseFacts';
import { DEFAULT_BUILDER_SETTINGS } from '../../../plugin/accounting/model';
import { CatalogReader } from '../../../plugin/catalog/CatalogReader';
import { normalizeExpense } from '../../../plugin/reports/normalize';
import type { ExtraField } from '../../../plugin/rindegastos/api';
import { extraFieldCode, extraFieldText, findExtraField } from '../../../plugin/rindegastos/extraFields';
import { buildBoleta, buildExpense, buildReportInput, mustBuildOne } from '../../support/accountingFactories';
import { FakeRindegastos, listField, policy } from '../../support/fakeRindegastos';
import { buildApiExpense } from '../../support/reportFactories';

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

  it('finds a field by name ignoring case and accents, first of a name wins', () => {
    const fields = [
      { Name: 'Centro de Costo', Value: 'Faena', Code: 'CC-210' },
      { Name: 'centro de costo', Value: 'Otra', Code: 'CC-999' },
      { Name: 'Tipo de Documento', Value: 'Factura', Code: '33' },
    ];
    expect(extraFieldCode(fields, 'CENTRO DE CÓSTO')).to.equal('CC-210');
    expect(extraFieldCode(fields, 'tipo de documento')).to.equal('33');
    expect(extraFieldCode(fields, 'Sociedad')).to.equal('');
  });

  it('takes the cost center from the option Code, never from its label', () => {
    const expense = buildBoleta({ id: 1, costCenter: undefined });
    expense.extraFields.push({ Name: 'Centro de costo', Value: 'CC-999', Code: 'CC-210' });
    const draft = mustBuildOne(buildReportInput({ expenses: [expense] }));
    expect(draft.lines[0].businessCenterCode).to.equal('EMPNEGVTAVTA000');
  });
});

/** A name as a person may type it in Rindegastos: any case, accents or not, extra spaces. */
function respelled(name: string): fc.Arbitrary<string> {
  return fc
    .record({
      upper: fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }),
      plain: fc.boolean(),
      gap: fc.constantFrom(' ', '  ', ' \t'),
      pad: fc.constantFrom('', ' ', '  '),
    })
    .map(({ upper, plain, gap, pad }) => {
      const letters = plain ? name.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : name;
      const cased = [...letters].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c.toLowerCase()));
      return pad + cased.join('').replace(/ /g, gap) + pad;
    });
}

/** What each part of the plugin reads as the document code and the cost-center code. */
async function readersSee(documentField: string, costCenterField: string) {
  const names = DEFAULT_BUILDER_SETTINGS;
  const fields: ExtraField[] = [
    { Name: documentField, Value: 'Factura Electrónica', Code: '33' },
    { Name: costCenterField, Value: 'Faena Norte', Code: 'CC-210' },
  ];

  const facts = expenseFacts(buildExpense({ extraFields: fields }), buildReportInput());

  const fake = new FakeRindegastos();
  fake.acceptedTokens.add('t'.repeat(30));
  fake.data.users = [];
  fake.data.policies = [
    policy(1, 'Única', {
      expenseFields: [
        listField(documentField, [['33', 'Factura']]),
        listField(costCenterField, [['CC-210', 'Faena']]),
      ],
    }),
  ];
  const catalog = await new CatalogReader().read(fake.forToken('t'.repeat(30)), {
    documentType: names.documentTypeField,
    costCenter: names.costCenterField,
  });
  const [remote] = catalog.policies;

  // The reports store keeps these codes per expense (rg_expenses) for fix-and-retry.
  const stored = normalizeExpense(buildApiExpense({ ExtraFields: fields })).extraFields;

  return {
    builder: [facts.documentCode, facts.costCenterCode],
    catalog: [
      remote.documentTypes?.map((o) => o.code).join() ?? '',
      remote.costCenters?.map((o) => o.code).join() ?? '',
    ],
    store: [extraFieldCode(stored, names.documentTypeField), extraFieldCode(stored, names.costCenterField)],
  };
}

describe('extra-field names across the plugin', () => {
  it('the builder, the catalog import and the reports store find the same Tipo de Documento and Centro de Costo', async () => {
    await fc.assert(
      fc.asyncProperty(respelled('Tipo de Documento'), respelled('Centro de Costo'), async (doc, center) => {
        expect(await readersSee(doc, center)).to.deep.equal({
          builder: ['33', 'CC-210'],
          catalog: ['33', 'CC-210'],
          store: ['33', 'CC-210'],
        });
      }),
      { numRuns: 60 },
    );
  });

  it('none of them takes a field whose name differs by more than case, accents and spacing', async () => {
    expect(await readersSee('Tipo Documento', 'Centro de Costos')).to.deep.equal({
      builder: ['', ''],
      catalog: ['', ''],
      store: ['', ''],
    });
  });
});
