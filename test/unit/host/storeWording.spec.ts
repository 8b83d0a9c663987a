import { expect } from 'chai';
import { activationMessage, endSentence, priceLabel } from '../../../host/store/storeWording';

describe('store wording', () => {
  it('ends a sentence with exactly one period, whatever the name ends with', () => {
    expect(endSentence('activa para Comercial Andes SpA')).to.equal('activa para Comercial Andes SpA.');
    expect(endSentence('activa para Minera Los Pinos Ltda.')).to.equal('activa para Minera Los Pinos Ltda.');
    expect(endSentence('¿Listo?')).to.equal('¿Listo?');
    expect(endSentence('Espere… ')).to.equal('Espere…');
  });

  it('confirms the activation naming the product and the company once', () => {
    expect(activationMessage('Integración Rindegastos', 'Minera Los Pinos Ltda.')).to.equal(
      'Pago confirmado. La Integración Rindegastos quedó activa para Minera Los Pinos Ltda.',
    );
    expect(activationMessage('Integración Rindegastos', 'Comercial Andes SpA')).to.equal(
      'Pago confirmado. La Integración Rindegastos quedó activa para Comercial Andes SpA.',
    );
  });

  it('says whether the price is monthly or one-time and whether IVA is included', () => {
    const store = {
      sku: 'X',
      title: 'X',
      description: '',
      path: ['Integraciones'],
      activation: 'on-payment' as const,
      priceClp: 29900,
    };
    expect(priceLabel({ ...store, billing: 'monthly', priceIncludesIva: true })).to.equal(
      '$29.900 mensual, IVA incluido',
    );
    expect(
      priceLabel({ ...store, billing: 'one-time', priceIncludesIva: false, priceClp: 1250000 }),
    ).to.equal('$1.250.000 pago único + IVA');
  });
});
