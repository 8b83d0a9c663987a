import { expect } from 'chai';
import { cutGlosa, glosaValues, lineGlosa, renderGlosa } from '../../../plugin/accounting/glosa';
import { GLOSA_PLACEHOLDERS } from '../../../plugin/accounting/model';
import { buildReport } from '../../support/accountingFactories';

describe('glosa', () => {
  const values = glosaValues(
    buildReport({
      id: 77,
      number: '8842',
      employeeName: 'Octavio Olivares',
      title: 'Viaje a Rancagua',
      policyName: 'Ventas',
      closeDate: '2025-06-20',
      sendDate: '2025-06-18',
    }),
  );

  it('renders the default template', () => {
    expect(renderGlosa('Rendición N° {number} {employee}', values)).to.equal(
      'Rendición N° 8842 Octavio Olivares',
    );
  });

  it('fills every documented placeholder', () => {
    const template = GLOSA_PLACEHOLDERS.map((p) => `{${p}}`).join('|');
    expect(renderGlosa(template, values)).to.equal(
      '8842|Octavio Olivares|Viaje a Rancagua|77|Ventas|2025-06-20|2025-06-18',
    );
  });

  it('keeps an unknown placeholder visible instead of dropping it', () => {
    expect(renderGlosa('Informe {number} {empleado}', values)).to.equal('Informe 8842 {empleado}');
  });

  it('collapses the spaces an empty value leaves', () => {
    expect(renderGlosa('  {title}   de {employee} ', { ...values, title: '' })).to.equal(
      'de Octavio Olivares',
    );
  });

  it('cuts to the limit without splitting a character', () => {
    expect(cutGlosa('Rendición N° 8842 Octavio Olivares', 17)).to.equal('Rendición N° 8842');
    expect(cutGlosa('ab😀cd', 3)).to.equal('ab😀');
    expect(cutGlosa('corto', 60)).to.equal('corto');
    expect(cutGlosa('sin límite', 0)).to.equal('sin límite');
  });

  it('builds line glosas from their non-empty parts', () => {
    expect(lineGlosa(['Combustible', '', undefined, 'Copec'], 60)).to.equal('Combustible Copec');
    expect(lineGlosa(['Combustible', 'Copec'], 8)).to.equal('Combusti');
  });
});
