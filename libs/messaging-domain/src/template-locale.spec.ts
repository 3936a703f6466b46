import { chooseLocaleVariant } from './template-locale';

describe('chooseLocaleVariant', () => {
  type Variant = { id: string; locale?: string };
  const base: Variant = { id: 'default' };
  const ko: Variant = { id: 'ko', locale: 'ko' };
  const enUS: Variant = { id: 'en-US', locale: 'en-US' };
  const enGB: Variant = { id: 'en-GB', locale: 'en-GB' };
  const all = [enUS, base, ko, enGB];

  it.each([
    ['en-GB', 'en-GB'],
    ['EN_us', 'en-US'],
    ['ko-KR', 'ko'],
    ['en', 'en-US'],
    ['ja-JP', 'default'],
    [undefined, 'default'],
    [42, 'default'],
    ['', 'default'],
  ])('picks %p → %s', (trait, id) => {
    expect(chooseLocaleVariant(all, trait)?.id).toBe(id);
  });

  it('falls back to the first variant when none is without a locale, and to nothing when there are none', () => {
    expect(chooseLocaleVariant([ko, enUS], 'ja')?.id).toBe('ko');
    expect(chooseLocaleVariant([], 'ko')).toBeUndefined();
  });
});
