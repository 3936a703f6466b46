import { eucKrByteLength, smsKind } from './sms-length';

describe('SMS length in EUC-KR bytes', () => {
  it('counts ASCII as one byte and Hangul as two', () => {
    expect(eucKrByteLength('Order 1234 shipped')).toBe(18);
    expect(eucKrByteLength('주문하신 상품이 발송되었습니다')).toBe(30); // 14 syllables, 2 spaces
    expect(eucKrByteLength('가')).toBe(2);
    expect(eucKrByteLength('똠')).toBe(2); // outside KS X 1001's 2,350 syllables, two bytes in CP949
    expect(eucKrByteLength('[카른] A-1')).toBe(10);
    expect(eucKrByteLength('\r\n')).toBe(2);
  });

  it('counts a character EUC-KR cannot encode (an emoji, one code point of two UTF-16 units) as two bytes', () => {
    expect(eucKrByteLength('🎁')).toBe(2);
  });

  it('picks SMS up to 90 bytes and LMS beyond', () => {
    expect(smsKind('가'.repeat(45))).toBe('SMS');
    expect(smsKind('가'.repeat(45) + 'a')).toBe('LMS');
    expect(smsKind('a'.repeat(90))).toBe('SMS');
    expect(smsKind('a'.repeat(89) + '가')).toBe('LMS');
  });
});
