import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RegistrantFilterQueryDto } from './registration-list.dto';

const errorsOf = (via: string) =>
  validateSync(plainToInstance(RegistrantFilterQueryDto, { via })).flatMap((e) => Object.values(e.constraints ?? {}));

describe('RegistrantFilterQueryDto via', () => {
  it("takes a partner's slug or the lone dash of 'no partner'", () => {
    expect(errorsOf('danish-embassy')).toEqual([]);
    expect(errorsOf('-')).toEqual([]);
  });

  it('refuses anything else with the same message', () => {
    for (const bad of ['Bad_Slug', '--', 'a-', '-a']) {
      expect(errorsOf(bad)).toEqual(["via must be a partner's slug or -"]);
    }
  });
});
