import { validateRut } from '@fdograph/rut-utilities';
import { expect } from 'chai';
import { demoProfile } from '../../../sandbox/catalog';
import { CompanyState, type ExpenseFilter, type ReportFilter } from '../../../sandbox/company';
import { honorariosRetentionRate, workedExample } from '../../../sandbox/generator';
import { formatRut, isValidRut, rutCheckDigit } from '../../../sandbox/rut';
import type { ExpenseJson, ExpenseReportJson } from '../../../sandbox/types';

const allReports: ReportFilter = { typeDateFilter: 1, orderBy: 3, desc: false };
const allExpenses: ExpenseFilter = { orderBy: 3, desc: false };

function company(seed = 42, reports = 300, perReport = 6): CompanyState {
  return new CompanyState(demoProfile(seed), seed, reports, perReport);
}

function everything(c: CompanyState): { reports: ExpenseReportJson[]; expenses: ExpenseJson[] } {
  return {
    reports: c.queryReports(allReports, 1, 1_000_000).items,
    expenses: c.queryExpenses(allExpenses, 1, 1_000_000).items,
  };
}

function docCode(e: ExpenseJson): string {
  return e.ExtraFields.find((f) => f.Name === 'Tipo de Documento')?.Code ?? '';
}

describe('sandbox generator', () => {
  const data = everything(company());

  it('computes módulo 11 check digits, K and 0 included', () => {
    expect(formatRut(12345678)).to.equal('12.345.678-5');
    expect(formatRut(99520000)).to.equal('99.520.000-7');
    expect(rutCheckDigit(10000013)).to.equal('K');
    expect(rutCheckDigit(10000004)).to.equal('0');
    expect(isValidRut('12.345.678-5')).to.equal(true);
    expect(isValidRut('12.345.678-4')).to.equal(false);
  });

  it('gives every user, employee and supplier a RUT that passes módulo 11', () => {
    const ruts = [
      ...demoProfile(42).users.map((u) => u.Identification),
      ...data.reports.map((r) => r.EmployeeIdentification).filter(Boolean),
      ...data.expenses.flatMap((e) =>
        e.ExtraFields.filter((f) => f.Name === 'RUT Proveedor').map((f) => f.Value),
      ),
    ];
    expect(ruts.length).to.be.greaterThan(500);
    const invalid = ruts.filter((r) => !validateRut(r) || !isValidRut(r));
    expect(invalid).to.deep.equal([]);
  });

  it('makes facturas add up: Net + Tax + OtherTaxes = Total, with IVA at 19% of Net', () => {
    const facturas = data.expenses.filter((e) => docCode(e) === '33');
    expect(facturas.length).to.be.greaterThan(100);
    for (const e of facturas) {
      expect(e.Net + e.Tax + e.OtherTaxes, `expense ${e.Id}`).to.equal(e.Total);
      expect(e.Tax, `expense ${e.Id}`).to.equal(Math.round(e.Net * 0.19));
    }
    expect(facturas.some((e) => e.Category === 'Combustible' && e.OtherTaxes > 0)).to.equal(true);
  });

  it('gives boletas, exentas and tickets no separate tax', () => {
    for (const e of data.expenses.filter((x) => ['34', '39', '41', 'SD'].includes(docCode(x)))) {
      expect([e.Net, e.Tax, e.OtherTaxes], `expense ${e.Id}`).to.deep.equal([e.Total, 0, 0]);
    }
  });

  it('withholds the year’s honorarios retention (15.25% in 2026) on boletas de honorarios', () => {
    const honorarios = data.expenses.filter((e) => docCode(e) === 'H');
    expect(honorarios.length).to.be.greaterThan(5);
    for (const e of honorarios) {
      const rate = honorariosRetentionRate(Number(e.IssueDate.slice(0, 4)));
      expect(e.Retention, `expense ${e.Id}`).to.equal(Math.round(e.Total * rate));
    }
    const in2026 = honorarios.filter((e) => e.IssueDate.startsWith('2026'));
    expect(in2026.length).to.be.greaterThan(0);
    expect(in2026.every((e) => e.RetentionName === 'Retención honorarios 15,25%')).to.equal(true);
    expect(honorariosRetentionRate(2026)).to.equal(0.1525);
  });

  it('converts USD expenses to a CLP Total with their exchange rate', () => {
    const usd = data.expenses.filter((e) => e.OriginalCurrency === 'USD');
    expect(usd.length).to.be.greaterThan(0);
    for (const e of usd) {
      expect(e.Currency).to.equal('CLP');
      expect(e.ExchangeRate).to.be.greaterThan(500);
      expect(e.Total).to.equal(Math.round(e.OriginalAmount * e.ExchangeRate));
    }
  });

  it('mixes closed, open, integrated and partly rejected reports, dated in 2025–2026', () => {
    const r = data.reports.filter((x) => x.Id !== 13421804);
    expect(r.some((x) => x.Status === 1 && x.Integrated === '' && x.NbrRejectedExpenses === 0)).to.equal(
      true,
    );
    expect(r.some((x) => x.Status === 0 && x.CloseDate === '')).to.equal(true);
    expect(r.some((x) => x.Integrated === '1' && x.IntegrationExternalCode !== '')).to.equal(true);
    expect(r.some((x) => x.Status === 1 && x.NbrRejectedExpenses > 0 && x.NbrApprovedExpenses > 0)).to.equal(
      true,
    );
    for (const x of r) {
      expect(x.SendDate, `report ${x.Id}`).to.match(/^202[56]-/);
      if (x.CloseDate) expect(x.CloseDate >= x.SendDate, `report ${x.Id}`).to.equal(true);
      expect(x.ReportTotalApproved).to.be.at.most(x.ReportTotal);
    }
    for (const e of data.expenses) expect(e.IssueDate, `expense ${e.Id}`).to.match(/^202[56]-/);
  });

  it('keeps report totals equal to the sum of their expenses', () => {
    const c = company();
    for (const id of [13_500_000, 13_500_150, 13_500_299]) {
      const { report, expenses } = c.materialize(id)!;
      expect(report.ReportTotal).to.equal(expenses.reduce((s, e) => s + e.Total, 0));
      expect(report.ReportTotalApproved).to.equal(
        expenses.filter((e) => e.Status === 1).reduce((s, e) => s + e.Total, 0),
      );
    }
  });

  it('gives every expense a category of its policy with that category’s AccountCode', () => {
    const profile = demoProfile(42);
    for (const e of data.expenses) {
      const pol = profile.policies.find((p) => p.Id === e.ExpensePolicyId)!;
      const cat = pol.categories.find((c) => c.Name === e.Category);
      expect(cat, `expense ${e.Id} ${e.Category}`).to.not.equal(undefined);
      expect(e.CategoryCode).to.equal(cat!.AccountCode);
    }
  });

  it('is a pure function of the seed: same seed, same bytes; another seed, other data', () => {
    expect(JSON.stringify(everything(company(42)))).to.equal(JSON.stringify(data));
    expect(JSON.stringify(everything(company(43)).expenses)).to.not.equal(JSON.stringify(data.expenses));
  });

  it('serves any page of 200,000 expenses by generating only what the page needs', () => {
    const big = company(7, 8_000, 25);
    const lastId = 60_000_000 + 8_000 * 25 - 1;
    expect(big.expense(lastId)!.ReportId).to.equal(13_500_000 + 7_999);
    const page = big.queryReports({ ...allReports, status: 1 }, 40, 100);
    expect(page.items).to.have.length(100);
    expect(big.queryExpenses({ ...allExpenses, reportId: 13_504_321 }, 1, 100).items).to.have.length(25);
  });

  it('contains the worked example of chile-accounting.md §3 exactly', () => {
    const c = new CompanyState(demoProfile(42), 42, 10, 3, [workedExample()]);
    const { report, expenses } = c.materialize(13421804)!;
    expect(report).to.include({
      ReportNumber: '8842',
      EmployeeId: 61,
      EmployeeName: 'Octavio Olivares',
      EmployeeIdentification: '12.345.678-5',
      CloseDate: '2025-06-20',
      Status: 1,
      PolicyId: 4044,
      ReportTotal: 90000,
      ReportTotalApproved: 78000,
    });
    expect(
      expenses.map((e) => [docCode(e), e.Category, e.Net, e.Tax, e.OtherTaxes, e.Total, e.Status]),
    ).to.deep.equal([
      ['33', 'Combustible', 29580, 5620, 24300, 59500, 1],
      ['39', 'Alimentación', 18500, 0, 0, 18500, 1],
      ['39', 'Alimentación', 12000, 0, 0, 12000, 2],
    ]);
    const factura = expenses[0].ExtraFields;
    expect(factura).to.deep.include({ Name: 'RUT Proveedor', Value: '99.520.000-7', Code: '' });
    expect(factura).to.deep.include({ Name: 'Número de Documento', Value: '1234567', Code: '' });
    for (const e of expenses)
      expect(e.ExtraFields).to.deep.include({
        Name: 'Centro de Costo',
        Value: 'Faena Norte',
        Code: 'CC-210',
      });
  });
});
