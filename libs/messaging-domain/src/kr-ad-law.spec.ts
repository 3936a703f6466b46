import { applyConsentUpdate, ConsentLedger } from './consent';
import { checkAlimTalk, checkNightRule, KrAdLawConfig, labelAdvertisement, optOutLine } from './kr-ad-law';

const config: KrAdLawConfig = { senderName: '카른상점', optOutPhone: '080-123-4567' };
const granted = new Date('2026-01-01T00:00:00Z');
const adOnly: ConsentLedger = applyConsentUpdate({}, { channels: { sms: { advertising: true } } }, granted);
const adAndNight: ConsentLedger = applyConsentUpdate({}, { channels: { sms: { advertising: true, night: true } } }, granted);
const promoSms = { channel: 'sms', category: 'promotional' as const };
const at2230Kst = new Date('2026-05-01T13:30:00Z');

describe('checkNightRule', () => {
  it('defers a promotional message at 22:30 KST to 08:00 KST without night consent', () => {
    expect(checkNightRule(adOnly, promoSms, at2230Kst)).toEqual({
      ok: false,
      until: new Date('2026-05-01T23:00:00Z'),
      reason: 'night_consent_required',
    });
  });

  it('lets it through with night consent on that channel', () => {
    expect(checkNightRule(adAndNight, promoSms, at2230Kst)).toEqual({ ok: true });
    expect(checkNightRule(adAndNight, { ...promoSms, channel: 'kakao' }, at2230Kst).ok).toBe(false);
  });

  it('applies from 21:00 KST inclusive to 08:00 KST exclusive', () => {
    expect(checkNightRule(adOnly, promoSms, new Date('2026-05-01T11:59:59.999Z')).ok).toBe(true);
    expect(checkNightRule(adOnly, promoSms, new Date('2026-05-01T12:00:00Z')).ok).toBe(false);
    expect(checkNightRule(adOnly, promoSms, new Date('2026-05-01T22:59:59.999Z')).ok).toBe(false);
    expect(checkNightRule(adOnly, promoSms, new Date('2026-05-01T23:00:00Z')).ok).toBe(true);
  });

  it('does not apply to transactional messages', () => {
    expect(checkNightRule({}, { channel: 'sms', category: 'transactional' }, at2230Kst)).toEqual({ ok: true });
  });

  it('treats a night consent older than two years as lapsed', () => {
    const old = applyConsentUpdate({}, { channels: { sms: { advertising: true, night: true } } }, new Date('2024-04-01T00:00:00Z'));
    expect(checkNightRule(old, promoSms, at2230Kst).ok).toBe(false);
  });
});

describe('labelAdvertisement', () => {
  it('labels promotional SMS with "(광고)", the sender name and the opt-out line', () => {
    const result = labelAdvertisement('sms', { text: '오늘만 20% 할인' }, 'promotional', config);
    expect(result).toEqual({ ok: true, content: { text: '(광고) 카른상점\n오늘만 20% 할인\n무료수신거부 080-123-4567' } });
  });

  it('leaves transactional SMS unlabelled', () => {
    const result = labelAdvertisement('sms', { text: '주문이 접수되었습니다' }, 'transactional', config);
    expect(result).toEqual({ ok: true, content: { text: '주문이 접수되었습니다' } });
    expect(JSON.stringify(result)).not.toContain('(광고)');
  });

  it('labels LMS and Kakao FriendTalk text, keeping Kakao fields', () => {
    expect(labelAdvertisement('lms', { text: 'x' }, 'promotional', config)).toMatchObject({ content: { text: expect.stringMatching(/^\(광고\) 카른상점\n/) } });
    const kakao = labelAdvertisement('kakao', { text: '신상품', templateCode: 'T1' }, 'promotional', config);
    expect(kakao).toEqual({ ok: true, content: { text: '(광고) 카른상점\n신상품\n무료수신거부 080-123-4567', templateCode: 'T1' } });
  });

  it('labels push titles and adds sender and opt-out to the body, with a per-channel opt-out text', () => {
    const pushConfig = { ...config, optOutTextByChannel: { push: '수신거부: 앱 설정 > 알림' } };
    expect(labelAdvertisement('push', { title: '세일', body: '지금 확인하세요' }, 'promotional', pushConfig)).toEqual({
      ok: true,
      content: { title: '(광고) 세일', body: '지금 확인하세요\n카른상점 · 수신거부: 앱 설정 > 알림' },
    });
  });

  it('labels email subjects and puts the footer before </body>', () => {
    const result = labelAdvertisement('email', { subject: '세일', html: '<html><body><p>hi</p></body></html>', text: 'hi' }, 'promotional', config);
    expect(result).toEqual({
      ok: true,
      content: {
        subject: '(광고) 세일',
        html: '<html><body><p>hi</p><p>카른상점<br>무료수신거부 080-123-4567</p></body></html>',
        text: 'hi\n\n카른상점\n무료수신거부 080-123-4567',
      },
    });
  });

  it.each([
    ['sms', { text: 'x' }],
    ['kakao', { templateCode: 'T1', text: 'x' }],
    ['push', { title: 't', body: 'b' }],
    ['email', { subject: 's', html: '<body><p>hi</p></body>', text: 'hi' }],
  ] as const)('does not label %s twice (a reserved send deferred again keeps its labelled content)', (channel, content) => {
    const once = labelAdvertisement(channel, content, 'promotional', config);
    const twice = once.ok ? labelAdvertisement(channel, once.content, 'promotional', config) : once;
    expect(twice).toEqual(once);
  });

  it('leaves webhook and log content alone', () => {
    expect(labelAdvertisement('log', { text: 'x' }, 'promotional', config)).toEqual({ ok: true, content: { text: 'x' } });
  });

  it('refuses to label without a sender name or an opt-out line', () => {
    expect(labelAdvertisement('sms', { text: 'x' }, 'promotional', { senderName: '카른상점' })).toEqual({ ok: false, reason: 'compliance_config_missing' });
    expect(labelAdvertisement('sms', { text: 'x' }, 'promotional', { senderName: ' ', optOutPhone: '080' })).toEqual({
      ok: false,
      reason: 'compliance_config_missing',
    });
    expect(labelAdvertisement('sms', { text: 'x' }, 'promotional', undefined)).toEqual({ ok: false, reason: 'compliance_config_missing' });
  });

  it('prefers an explicit opt-out text over the phone default', () => {
    expect(optOutLine({ ...config, optOutText: '수신거부 문의 1588-0000' }, 'sms')).toBe('수신거부 문의 1588-0000');
    expect(optOutLine(config, 'sms')).toBe('무료수신거부 080-123-4567');
  });
});

describe('checkAlimTalk', () => {
  it('refuses promotional content on AlimTalk', () => {
    expect(checkAlimTalk('kakao', { text: '세일', alimtalk: true }, 'promotional')).toEqual({ ok: false, reason: 'alimtalk_promotional_refused' });
  });

  it('allows informational AlimTalk and promotional FriendTalk', () => {
    expect(checkAlimTalk('kakao', { text: '배송 시작', alimtalk: true }, 'transactional')).toEqual({ ok: true });
    expect(checkAlimTalk('kakao', { text: '세일' }, 'promotional')).toEqual({ ok: true });
  });
});
