import { expect } from 'chai';
import { documentKindOf } from '../../../plugin/accounting/documentKinds';
import type { DocumentKind } from '../../../plugin/accounting/model';

const none = new Map<string, DocumentKind>();

describe('document kinds', () => {
  it('maps the SII default codes to their kinds', () => {
    for (const code of ['33', '34', '46', 'AF', 'FL'])
      expect(documentKindOf(code, none), code).to.equal('factura');
    for (const code of ['39', '41', 'BO']) expect(documentKindOf(code, none), code).to.equal('boleta');
    for (const code of ['H', '99', 'BH']) expect(documentKindOf(code, none), code).to.equal('honorarios');
  });

  it('treats a missing or unknown code as other', () => {
    expect(documentKindOf('', none)).to.equal('other');
    expect(documentKindOf('TICKET', none)).to.equal('other');
    expect(documentKindOf('61', none)).to.equal('other');
  });

  it('compares codes trimmed and case-insensitively', () => {
    expect(documentKindOf(' bh ', none)).to.equal('honorarios');
    expect(documentKindOf('af', none)).to.equal('factura');
  });

  it("lets the company's Tipos de documento override the defaults", () => {
    const company = new Map<string, DocumentKind>([
      ['FC', 'factura'],
      ['33', 'other'],
      ['bol', 'boleta'],
    ]);
    expect(documentKindOf('FC', company)).to.equal('factura');
    expect(documentKindOf('33', company)).to.equal('other');
    expect(documentKindOf('BOL', company)).to.equal('boleta');
    expect(documentKindOf('39', company)).to.equal('boleta');
  });
});
