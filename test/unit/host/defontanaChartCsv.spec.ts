import { expect } from 'chai';
import { parseChartCsv } from '../../../host/ledger/defontana/importChart';

describe('Defontana chart export (code;name)', () => {
  it('reads codes with or without dots, a BOM and CRLF, and keeps semicolons inside names', () => {
    expect(
      parseChartCsv(
        '\uFEFFcode;name\r\n1.1.1.06.01.001;IVA crédito fiscal\r\n4110201002;Combustibles; lubricantes\r\n',
      ),
    ).to.deep.equal([
      { code: '1110601001', name: 'IVA crédito fiscal' },
      { code: '4110201002', name: 'Combustibles; lubricantes' },
    ]);
  });

  it('refuses a file without the code;name header', () => {
    expect(() => parseChartCsv('codigo,nombre\n1110601001,IVA')).to.throw(
      'La primera fila del archivo debe ser "code;name"',
    );
  });

  it('lists every bad row by line number at once', () => {
    expect(() => parseChartCsv('code;name\n11106;Corta\n1110601001;\n4110201002;A\n4110201002;B')).to.throw(
      /línea 2: el código "11106" debe tener 10 dígitos\n {2}- línea 3: falta el nombre de la cuenta 1110601001\n {2}- línea 5: la cuenta 4110201002 está repetida/,
    );
  });
});
