import { expect } from 'chai';
import { IsInt, IsString, Min } from 'class-validator';
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
      .that.deep.includes({ field: 'extra', message: 'property extra should not exist' });
  });

  it('rejects a non-object body', () => {
    expect(() => validateDto(SampleDto, [1, 2])).to.throw(ValidationError, /objeto JSON/);
    expect(() => validateDto(SampleDto, null)).to.throw(ValidationError);
  });
});
