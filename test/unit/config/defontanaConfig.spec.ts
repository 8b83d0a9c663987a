import { expect } from 'chai';
import { ConfigError, DEFAULT_DEFONTANA_API_URL, parseConfig } from '../../../host/config';

const CONNECTOR = {
  LEDGER: 'defontana',
  DEFONTANA_CLIENT: 'CL-20999',
  DEFONTANA_COMPANY: 'EMP-01',
  DEFONTANA_USER: 'api@andes.cl',
  DEFONTANA_PASSWORD: 'n0-mostrar-jamás',
  DEFONTANA_RUT: '76.123.456-0',
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('connector mode configuration (LEDGER=defontana)', () => {
  it('reads the DEFONTANA_* variables, defaulting the API to Defontana’s test environment', () => {
    const c = parseConfig(CONNECTOR);
    expect(c.ledger).to.equal('defontana');
    expect(c.defontana).to.deep.equal({
      apiUrl: DEFAULT_DEFONTANA_API_URL,
      client: 'CL-20999',
      company: 'EMP-01',
      user: 'api@andes.cl',
      password: 'n0-mostrar-jamás',
      rut: '76.123.456-0',
    });
    expect(DEFAULT_DEFONTANA_API_URL).to.equal('https://replapi.defontana.com/api/');
    expect(parseConfig({}).defontana).to.equal(null);
  });

  for (const name of [
    'DEFONTANA_CLIENT',
    'DEFONTANA_COMPANY',
    'DEFONTANA_USER',
    'DEFONTANA_PASSWORD',
    'DEFONTANA_RUT',
  ]) {
    it(`stops with a Spanish message naming ${name} when it is missing`, () => {
      const problems = problemsOf({ ...CONNECTOR, [name]: '' });
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(new RegExp(`^Falta ${name}: `));
    });
  }

  it('names a wrong DEFONTANA_API_URL or DEFONTANA_RUT, and never echoes the password', () => {
    const problems = problemsOf({
      ...CONNECTOR,
      DEFONTANA_API_URL: 'https://api.defontana.com/',
      DEFONTANA_RUT: '76.123.456-1',
    });
    expect(problems).to.have.length(2);
    expect(problems[0]).to.include('DEFONTANA_API_URL').and.include('/api/');
    expect(problems[1]).to.include('DEFONTANA_RUT').and.include('no es un RUT válido');
    expect(problems.join('\n')).to.not.include(CONNECTOR.DEFONTANA_PASSWORD);
  });
});
