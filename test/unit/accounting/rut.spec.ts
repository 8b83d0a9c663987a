import { expect } from 'chai';
import { formatRut, isValidRut, normalizeRut, sameRut } from '../../../plugin/accounting/rut';

describe('RUT', () => {
  it('accepts a RUT with a correct módulo 11 check digit however it is written', () => {
    for (const rut of ['12.345.678-5', '12345678-5', '123456785', ' 12.345.678-5 ', '99.520.000-7']) {
      expect(isValidRut(rut), rut).to.equal(true);
    }
  });

  it('accepts K as check digit in either case', () => {
    // 10.000.013: 3·2+1·3+0·4+0·5+0·6+0·7+0·2+1·3 = 12 → 11 − 1 = 10 → K
    expect(isValidRut('10.000.013-K')).to.equal(true);
    expect(isValidRut('10000013-k')).to.equal(true);
    expect(formatRut('10000013k')).to.equal('10.000.013-K');
  });

  it('rejects a wrong check digit, garbage, empty and placeholder RUTs', () => {
    for (const rut of ['12.345.678-4', '12.345.678-K', 'abc', '', '1-9', '11.111.111-1', '22.222.222-2']) {
      expect(isValidRut(rut), rut).to.equal(false);
    }
    expect(isValidRut(undefined)).to.equal(false);
    expect(isValidRut(null)).to.equal(false);
  });

  it('formats with dots and dash', () => {
    expect(formatRut('123456785')).to.equal('12.345.678-5');
    expect(formatRut('9520000-1')).to.equal('9.520.000-1');
    expect(formatRut('12.345.678-4')).to.equal(null);
  });

  it('normalizes without dots and with upper-case K, and compares normalized', () => {
    expect(normalizeRut('12.345.678-5')).to.equal('123456785');
    expect(normalizeRut('10.000.013-k')).to.equal('10000013K');
    expect(sameRut('12.345.678-5', '123456785')).to.equal(true);
    expect(sameRut('10000013-k', '10.000.013-K')).to.equal(true);
    expect(sameRut('12.345.678-5', '99.520.000-7')).to.equal(false);
    expect(sameRut('12.345.678-4', '12.345.678-4')).to.equal(false);
  });
});
