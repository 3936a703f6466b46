/**
 * SMS or LMS: Korean carriers take an SMS of at most 90 bytes in EUC-KR
 * (KS X 1001, as extended by CP949, which every gateway speaks); a longer
 * text goes as an LMS (up to 2,000 bytes). In EUC-KR an ASCII character is
 * one byte and every other character (Hangul, Hanja, symbols) two; a
 * character EUC-KR cannot encode (an emoji) is counted as two as well, the
 * length gateways charge for the replacement they send. Line breaks count as
 * written (`\r\n` is two bytes).
 */
export const SMS_MAX_BYTES = 90;
export const LMS_MAX_BYTES = 2_000;

export type SmsKind = 'SMS' | 'LMS';

/** The text's length in EUC-KR bytes (see above). */
export function eucKrByteLength(text: string): number {
  let bytes = 0;
  for (const char of text) bytes += char.codePointAt(0)! < 0x80 ? 1 : 2;
  return bytes;
}

/** SMS when the text fits 90 EUC-KR bytes, else LMS. */
export function smsKind(text: string): SmsKind {
  return eucKrByteLength(text) <= SMS_MAX_BYTES ? 'SMS' : 'LMS';
}
