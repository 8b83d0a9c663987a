import { expect } from 'chai';
import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { ValidationError } from '../../../plugin/errors/errors';
import { validateDto } from '../../../shared/validation/validateDto';

class SampleDto {
  @IsString() name!: string;
  @IsInt() @Min(1) count!: number;
}

describe('validateDto', () => {
  it('returns a typed instance for valid input', () => {
    const dto = validateDto(SampleDto, { name: 'a', count: 2 });
    expect(dto).to.be.instanceOf(SampleDto);
    expect(dto.count).to.equal(2);
  });

  it('lists every offending field in one ValidationError', () => {
    try {
      validateDto(SampleDto, { name: 3, count: 0 });
      expect.fail('should throw');
    } catch (err) {
      expect(err).to.be.instanceOf(ValidationError);
      const fields = (err as ValidationError).problems.map((p) => p.field);
      expect(fields).to.include.members(['name', 'count']);
    }
  });

  it('rejects unknown properties by default and names them', () => {
    expect(() => validateDto(SampleDto, { name: 'a', count: 1, extra: true }))
      .to.throw(ValidationError)
      .with.property('problems')
      .that.deep.includes({ field: 'extra', message: 'campo no permitido' });
  });

  it('rejects a non-object body', () => {
    expect(() => validateDto(SampleDto, [1, 2])).to.throw(ValidationError, /objeto JSON/);
    expect(() => validateDto(SampleDto, null)).to.throw(ValidationError);
  });

  it('bounds depth, keys and sizes before transforming, naming the field', () => {
    let nested: unknown = 'x';
    for (let i = 0; i < 100_000; i++) nested = { a: nested };
    expect(() => validateDto(SampleDto, { name: nested }))
      .to.throw(ValidationError)
      .with.property('message')
      .that.matches(/^Datos inválidos: \(raíz\)\.name(\.a)*: el JSON está anidado a más de 8 niveles$/);
    const wide = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, 1]));
    expect(() => validateDto(SampleDto, wide)).to.throw(ValidationError, /más de 200 campos/);
    expect(() => validateDto(SampleDto, { name: 'x'.repeat(10_001), count: 1 })).to.throw(
      ValidationError,
      /name: el texto supera 10000 caracteres/,
    );
    // A Rindegastos answer (lenient) is paged by us and may be wide: not held to user limits.
    const page = { name: 'x', count: 1, ...wide };
    expect(validateDto(SampleDto, page, { forbidUnknown: false }).name).to.equal('x');
  });

  it('lists at most ten problems, counts the rest, and cuts what it echoes', () => {
    const unknown = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${'x'.repeat(500)}${i}`, 1]));
    let error: ValidationError | undefined;
    try {
      validateDto(SampleDto, { name: 'a', count: 1, ...unknown });
    } catch (err) {
      error = err as ValidationError;
    }
    expect(error).to.be.instanceOf(ValidationError);
    expect(error!.message).to.match(/; y 40 problemas más$/);
    expect(error!.message.length).to.be.below(1_000);
    expect((error!.details as { fields: unknown[] }).fields).to.have.length(10);
  });

  it('speaks Spanish where a DTO left class-validator its English default', () => {
    class Defaults {
      @IsIn(['a', 'b']) kind!: string;
      @IsInt() @Min(1) @Max(5) n!: number;
    }
    let error: ValidationError | undefined;
    try {
      validateDto(Defaults, { kind: 'z', n: 9 });
    } catch (err) {
      error = err as ValidationError;
    }
    expect(error!.problems).to.deep.equal([
      { field: 'kind', message: 'debe ser uno de: a, b' },
      { field: 'n', message: 'no puede ser mayor que 5' },
    ]);
  });
});
