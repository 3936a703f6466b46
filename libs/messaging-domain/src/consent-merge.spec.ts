import { mergeConsentLedgers } from './consent-merge';

const at = (day: number) => new Date(Date.UTC(2026, 0, day));

describe('mergeConsentLedgers', () => {
  it('takes, per channel and consent, the one changed last, whichever id it was given under', () => {
    const user = {
      kakao: { advertising: { granted: true, grantedAt: at(1) }, night: { granted: true, grantedAt: at(5) } },
      email: { advertising: { granted: true, grantedAt: at(3) } },
    };
    const anonymous = {
      kakao: { advertising: { granted: false, grantedAt: at(1), withdrawnAt: at(2) }, night: { granted: false, withdrawnAt: at(4) } },
      sms: { advertising: { granted: true, grantedAt: at(6), source: 'banner' } },
    };
    expect(mergeConsentLedgers(user, anonymous)).toEqual({
      kakao: { advertising: anonymous.kakao.advertising, night: user.kakao.night },
      email: user.email,
      sms: anonymous.sms,
    });
  });

  it("keeps the user's own on a tie and counts a flag without a time as the oldest", () => {
    const user = { kakao: { advertising: { granted: true, grantedAt: at(1) } }, push: { advertising: { granted: true } } };
    const anonymous = { kakao: { advertising: { granted: false, withdrawnAt: at(1) } }, push: { advertising: { granted: false, withdrawnAt: at(1) } } };
    const merged = mergeConsentLedgers(user, anonymous);
    expect(merged.kakao.advertising).toBe(user.kakao.advertising);
    expect(merged.push.advertising).toBe(anonymous.push.advertising);
  });

  it('dates a refusal of a consent never given from the recorded history', () => {
    const user = { sms: { advertising: { granted: true, grantedAt: at(1) } } };
    const anonymous = { sms: { advertising: { granted: false, source: 'banner' } } };
    expect(mergeConsentLedgers(user, anonymous).sms.advertising).toBe(user.sms.advertising);
    const merged = mergeConsentLedgers(user, anonymous, { merged: new Map([['sms:advertising', at(2).getTime()]]) });
    expect(merged.sms.advertising).toBe(anonymous.sms.advertising);
  });

  it('ignores inherited names', () => {
    expect(Object.keys(mergeConsentLedgers(JSON.parse('{"toString": {}}'), {}))).toEqual(['toString']);
  });
});
