import { expect } from 'chai';
import { DEFAULT_BUILDER_SETTINGS, GLOSA_PLACEHOLDERS } from '../../../plugin/accounting/model';
import { SettingsBody, SettingsPatchDto } from '../../../plugin/settings/SettingsDto';
import { glosaTemplateProblems } from '../../../plugin/settings/SettingsService';
import { validateDto } from '../../../shared/validation/validateDto';
import { oneYearBefore } from '../../../plugin/rindegastos/dates';
import { defaultSettings, SETTING_KEYS } from '../../../plugin/settings/settings';

describe('Configuración General rules', () => {
  it('accepts every known placeholder', () => {
    expect(glosaTemplateProblems(GLOSA_PLACEHOLDERS.map((p) => `{${p}}`).join(' - '))).to.deep.equal([]);
    expect(glosaTemplateProblems('Rendición sin marcadores')).to.deep.equal([]);
  });

  it('names each unknown placeholder and lists the valid ones', () => {
    const problems = glosaTemplateProblems('{numero} {employee} {Empleado}');
    expect(problems).to.have.length(2);
    expect(problems[0]).to.match(
      /^El marcador \{numero\} no existe\. Marcadores disponibles: \{number\}, \{employee\}/,
    );
    expect(problems[1]).to.match(/\{Empleado\}/);
  });

  it('reports a brace left open', () => {
    expect(glosaTemplateProblems('Rendición {number')).to.deep.equal([
      'Hay una llave { o } sin cerrar; los marcadores se escriben así: {number}',
    ]);
  });

  it('imports from the same day a year back, 29 February falling back to the 28th', () => {
    expect(oneYearBefore(new Date('2026-11-28T12:00:00Z'))).to.equal('2025-11-28');
    expect(oneYearBefore(new Date('2028-02-29T03:00:00Z'))).to.equal('2027-02-28');
  });

  it('has a default for every setting, including every field the voucher builder reads', () => {
    const defaults = defaultSettings(new Date('2026-01-01T00:00:00Z'));
    expect(Object.keys(defaults)).to.have.members([...SETTING_KEYS]);
    expect(defaults).to.deep.include(DEFAULT_BUILDER_SETTINGS);
    expect(defaults).to.include({ autoPost: false, syncIntervalMinutes: 15, repostOnChange: false });
  });

  it('declares every setting once: the patch DTO and the route body take exactly SETTING_KEYS', () => {
    const defaults = defaultSettings(new Date('2026-01-01T00:00:00Z'));
    expect(Object.keys(validateDto(SettingsPatchDto, defaults))).to.have.members([...SETTING_KEYS]);
    expect(Object.keys(validateDto(SettingsBody, defaults))).to.have.members([...SETTING_KEYS]);
    for (const dto of [SettingsPatchDto, SettingsBody]) {
      expect(() => validateDto(dto, { ...defaults, notASetting: 1 }), dto.name).to.throw(/notASetting/);
    }
  });
});
