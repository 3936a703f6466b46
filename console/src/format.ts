/** Formatting for the console, per language; pure. */
import type { Lang } from './i18n';

const LOCALES: Record<Lang, string> = { ko: 'ko-KR', en: 'en-GB' };

export function formatNumber(n: number | null | undefined, lang: Lang): string {
  return n === null || n === undefined ? '–' : new Intl.NumberFormat(LOCALES[lang]).format(n);
}

/** A rate (0.1234) as a percentage with one decimal ("12.3%"); '–' when unknown. */
export function formatPercent(rate: number | null | undefined, lang: Lang, signed = false): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '–';
  const text = new Intl.NumberFormat(LOCALES[lang], { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate);
  return signed && rate > 0 ? `+${text}` : text;
}

export function formatTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '–';
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}

export function formatShortTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}
