import { applyConsentUpdate, ConsentLedger } from './consent';
import { decideSend, DecideSendInput, resolveTimeZone, SendRequest } from './decide-send';
import { FrequencyPolicy } from './frequency-policy';
import { KrAdLawConfig } from './kr-ad-law';

const krAdLaw: KrAdLawConfig = { senderName: '카른상점', optOutPhone: '080-123-4567' };
const grantedAt = new Date('2026-01-01T00:00:00Z');
const adConsent = applyConsentUpdate({}, { channels: { sms: { advertising: true }, kakao: { advertising: true } } }, grantedAt);
const nightConsent = applyConsentUpdate(adConsent, { channels: { sms: { night: true } } }, grantedAt);
const noonKst = new Date('2026-05-01T03:00:00Z');
const at2230Kst = new Date('2026-05-01T13:30:00Z');
const at0800Kst = new Date('2026-05-01T23:00:00Z');

const krPolicy: FrequencyPolicy = {
  rules: [{ scope: 'all', limit: 3, window: '24h', categories: ['promotional'] }],
  whenCapped: 'drop',
  compliance: 'kr-ad-law',
};

const promoSms: SendRequest = { channel: 'sms', channelType: 'sms', journeyId: 'j1', category: 'promotional', content: { text: '오늘만 20% 할인' } };
const labelledText = '(광고) 카른상점\n오늘만 20% 할인\n무료수신거부 080-123-4567';

function input(over: Partial<DecideSendInput> = {}): DecideSendInput {
  return { request: promoSms, policy: krPolicy, consents: adConsent, sent: [], now: noonKst, timeZone: 'Asia/Seoul', krAdLaw, ...over };
}

function sends(...isos: string[]) {
  return isos.map((iso) => ({ at: new Date(iso), channel: 'sms', journeyId: 'j1', category: 'promotional' as const }));
}

describe('decideSend', () => {
  it('sends a consented promotional SMS at noon with the "(광고)" label', () => {
    expect(decideSend(input())).toEqual({ action: 'send', content: { text: labelledText } });
  });

  it('sends a transactional SMS without consent and without the label', () => {
    const request: SendRequest = { ...promoSms, category: 'transactional', content: { text: '주문이 접수되었습니다' } };
    expect(decideSend(input({ request, consents: {} }))).toEqual({ action: 'send', content: { text: '주문이 접수되었습니다' } });
  });

  it('does not label without the kr-ad-law preset', () => {
    expect(decideSend(input({ policy: { ...krPolicy, compliance: 'none' } }))).toEqual({ action: 'send', content: promoSms.content });
  });

  it('defers a promotional message at 22:30 KST to 08:00 KST without night consent', () => {
    expect(decideSend(input({ now: at2230Kst }))).toEqual({ action: 'defer', until: at0800Kst, reason: 'night_consent_required' });
  });

  it('sends it at 22:30 KST with night consent', () => {
    expect(decideSend(input({ now: at2230Kst, consents: nightConsent }))).toEqual({ action: 'send', content: { text: labelledText } });
  });

  it('then applies quiet hours, which night consent does not lift', () => {
    const policy = { ...krPolicy, quietHours: { start: '22:00', end: '09:00', categories: ['promotional' as const] } };
    expect(decideSend(input({ now: at2230Kst, consents: nightConsent, policy }))).toEqual({
      action: 'defer',
      until: new Date('2026-05-02T00:00:00Z'),
      reason: 'quiet_hours',
    });
  });

  it('checks consent before the night rule', () => {
    expect(decideSend(input({ now: at2230Kst, consents: {} }))).toEqual({ action: 'suppress', reason: 'no_consent' });
  });

  it('suppresses when consent lapsed (granted 2 years + 1 day ago)', () => {
    const old = applyConsentUpdate({}, { channels: { sms: { advertising: true } } }, new Date('2024-04-30T03:00:00Z'));
    expect(decideSend(input({ consents: old }))).toEqual({ action: 'suppress', reason: 'consent_lapsed' });
  });

  it('suppresses a message deferred to 10:05 when consent was withdrawn at 10:00', () => {
    const first = decideSend(
      input({ now: new Date('2026-05-01T00:30:00Z'), policy: { ...krPolicy, quietHours: { start: '09:00', end: '10:05', categories: ['promotional'] } } }),
    );
    expect(first).toEqual({ action: 'defer', until: new Date('2026-05-01T01:05:00Z'), reason: 'quiet_hours' });
    const withdrawn: ConsentLedger = applyConsentUpdate(adConsent, { channels: { sms: { advertising: false } } }, new Date('2026-05-01T01:00:00Z'));
    const redecided = decideSend(input({ now: new Date('2026-05-01T01:05:00Z'), consents: withdrawn }));
    expect(redecided).toEqual({ action: 'suppress', reason: 'consent_withdrawn' });
  });

  it('drops the 4th promotional message of a 3 per 24h cap', () => {
    const sent = sends('2026-04-30T06:00:00Z', '2026-04-30T12:00:00Z', '2026-05-01T01:00:00Z');
    expect(decideSend(input({ sent }))).toEqual({ action: 'suppress', reason: 'frequency_cap' });
  });

  it('defers the 4th to when the window frees when the policy says defer', () => {
    const sent = sends('2026-04-30T06:00:00Z', '2026-04-30T12:00:00Z', '2026-05-01T01:00:00Z');
    const policy: FrequencyPolicy = { ...krPolicy, whenCapped: 'defer' };
    expect(decideSend(input({ sent, policy }))).toEqual({ action: 'defer', until: new Date('2026-05-01T06:00:00Z'), reason: 'frequency_cap' });
    expect(decideSend(input({ sent, policy, now: new Date('2026-05-01T06:00:00Z') }))).toMatchObject({ action: 'send' });
  });

  it('sends a transactional message past a full cap', () => {
    const sent = sends('2026-04-30T06:00:00Z', '2026-04-30T12:00:00Z', '2026-05-01T01:00:00Z');
    const request: SendRequest = { ...promoSms, category: 'transactional', content: { text: '배송 시작' } };
    expect(decideSend(input({ sent, request }))).toEqual({ action: 'send', content: { text: '배송 시작' } });
  });

  it('refuses promotional content on AlimTalk before anything else', () => {
    const request: SendRequest = { channel: 'kakao', channelType: 'kakao', category: 'promotional', content: { text: '세일', alimtalk: true } };
    expect(decideSend(input({ request, consents: {} }))).toEqual({ action: 'suppress', reason: 'alimtalk_promotional_refused' });
  });

  it('suppresses promotional messages under kr-ad-law when the workspace has no opt-out line', () => {
    expect(decideSend(input({ krAdLaw: { senderName: '카른상점' } }))).toEqual({ action: 'suppress', reason: 'compliance_config_missing' });
  });
});

describe('resolveTimeZone', () => {
  it("uses the user's timezone trait when valid, else the workspace default, else Asia/Seoul", () => {
    expect(resolveTimeZone('America/New_York', 'UTC')).toBe('America/New_York');
    expect(resolveTimeZone('Mars/Base', 'UTC')).toBe('UTC');
    expect(resolveTimeZone(undefined)).toBe('Asia/Seoul');
    expect(resolveTimeZone(42, 'Nope/Zone')).toBe('Asia/Seoul');
  });
});
