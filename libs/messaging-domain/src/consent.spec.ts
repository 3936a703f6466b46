import { DomainError } from '@cairn/core';
import { applyConsentUpdate, checkConsent, ConsentLedger, consentLapsesAt, validateConsentUpdate } from './consent';

const promoSms = { channel: 'sms', category: 'promotional' as const };
const DAY = 86_400_000;

function grantedOn(iso: string): ConsentLedger {
  return applyConsentUpdate({}, { channels: { sms: { advertising: true } } }, new Date(iso));
}

describe('validateConsentUpdate', () => {
  it('accepts the design example', () => {
    const body = { channels: { sms: { advertising: true, night: false }, email: { advertising: true } }, source: 'signup-form' };
    expect(validateConsentUpdate(body)).toEqual(body);
  });

  it.each([
    [{}, 'channels'],
    [{ channels: [] }, 'channels'],
    [{ channels: { sms: true } }, 'channels.sms'],
    [{ channels: { sms: { advertising: 'yes' } } }, 'channels.sms.advertising'],
    [{ channels: { sms: { marketing: true } } }, 'channels.sms.marketing'],
    [{ channels: { __proto__x: { advertising: true } } }, 'channels.__proto__x'],
    [{ channels: {}, source: '' }, 'source'],
    [{ channels: {}, extra: 1 }, 'extra'],
  ])('refuses %j at %s', (body, path) => {
    try {
      validateConsentUpdate(body);
      throw new Error('expected a validation failure');
    } catch (error) {
      expect((error as DomainError).code).toBe('VALIDATION_FAILED');
      expect((error as DomainError).fields.map((f) => f.path)).toEqual([path]);
    }
  });
});

describe('applyConsentUpdate', () => {
  it('records grants, re-confirmations and withdrawals without touching other channels', () => {
    const t1 = new Date('2026-01-01T00:00:00Z');
    const t2 = new Date('2026-02-01T00:00:00Z');
    const t3 = new Date('2026-03-01T00:00:00Z');
    const first = applyConsentUpdate({}, { channels: { sms: { advertising: true }, email: { advertising: true } }, source: 'signup-form' }, t1);
    const again = applyConsentUpdate(first, { channels: { sms: { advertising: true } }, source: 'settings' }, t2);
    expect(again.sms.advertising).toEqual({ granted: true, grantedAt: t2, source: 'settings' });
    const withdrawn = applyConsentUpdate(again, { channels: { sms: { advertising: false } } }, t3);
    expect(withdrawn.sms.advertising).toEqual({ granted: false, grantedAt: t2, withdrawnAt: t3 });
    expect(withdrawn.email).toEqual(first.email);
    expect(first.sms.advertising?.grantedAt).toEqual(t1);
  });

  it('does not call a first refusal a withdrawal', () => {
    const ledger = applyConsentUpdate({}, { channels: { sms: { advertising: false } } }, new Date());
    expect(ledger.sms.advertising?.withdrawnAt).toBeUndefined();
  });
});

describe('checkConsent', () => {
  const now = new Date('2026-05-01T00:00:00Z');

  it('needs no advertising consent for transactional messages', () => {
    expect(checkConsent({}, { channel: 'sms', category: 'transactional' }, now, 'kr-ad-law')).toEqual({ ok: true });
  });

  it('needs advertising consent on that channel for promotional messages', () => {
    const ledger = grantedOn('2026-01-01T00:00:00Z');
    expect(checkConsent(ledger, promoSms, now, 'none')).toEqual({ ok: true });
    expect(checkConsent(ledger, { ...promoSms, channel: 'email' }, now, 'none')).toEqual({ ok: false, reason: 'no_consent' });
    expect(checkConsent({}, promoSms, now, 'none')).toEqual({ ok: false, reason: 'no_consent' });
  });

  it('does not treat a night-only consent as advertising consent', () => {
    const ledger = applyConsentUpdate({}, { channels: { sms: { night: true } } }, now);
    expect(checkConsent(ledger, promoSms, now, 'none')).toEqual({ ok: false, reason: 'no_consent' });
  });

  it('reports a withdrawn consent', () => {
    const ledger = applyConsentUpdate(grantedOn('2026-01-01T00:00:00Z'), { channels: { sms: { advertising: false } } }, now);
    expect(checkConsent(ledger, promoSms, now, 'none')).toEqual({ ok: false, reason: 'consent_withdrawn' });
  });

  it('lapses a consent granted 2 years + 1 day ago under kr-ad-law', () => {
    const ledger = grantedOn(new Date(Date.UTC(2024, 3, 30)).toISOString()); // 2024-04-30, now 2026-05-01
    expect(checkConsent(ledger, promoSms, now, 'kr-ad-law')).toEqual({ ok: false, reason: 'consent_lapsed' });
    expect(checkConsent(ledger, promoSms, now, 'none')).toEqual({ ok: true });
  });

  it('keeps a consent granted 2 years - 1 day ago, and exactly 2 years ago', () => {
    expect(checkConsent(grantedOn('2024-05-02T00:00:00Z'), promoSms, now, 'kr-ad-law')).toEqual({ ok: true });
    expect(checkConsent(grantedOn('2024-05-01T00:00:00Z'), promoSms, now, 'kr-ad-law')).toEqual({ ok: true });
    expect(checkConsent(grantedOn('2024-05-01T00:00:00Z'), promoSms, new Date(now.getTime() + 1), 'kr-ad-law')).toEqual({
      ok: false,
      reason: 'consent_lapsed',
    });
  });

  it('restarts the two years on re-confirmation', () => {
    const old = grantedOn('2024-01-01T00:00:00Z');
    const reconfirmed = applyConsentUpdate(old, { channels: { sms: { advertising: true } } }, new Date('2026-04-01T00:00:00Z'));
    expect(checkConsent(reconfirmed, promoSms, now, 'kr-ad-law')).toEqual({ ok: true });
  });

  it('ignores inherited properties as channel keys', () => {
    expect(checkConsent({}, { channel: 'constructor', category: 'promotional' }, now, 'none')).toEqual({ ok: false, reason: 'no_consent' });
  });
});

describe('consentLapsesAt', () => {
  it('is two calendar years later', () => {
    expect(consentLapsesAt(new Date('2024-05-01T10:00:00Z')).toISOString()).toBe('2026-05-01T10:00:00.000Z');
    expect(consentLapsesAt(new Date('2024-02-29T00:00:00Z')).getTime()).toBe(new Date('2026-03-01T00:00:00Z').getTime());
    expect(consentLapsesAt(new Date('2024-05-01T00:00:00Z')).getTime() - new Date('2024-05-01T00:00:00Z').getTime()).toBe(730 * DAY);
  });
});
