/**
 * A template key may have one variant per locale (and one without). A send
 * picks the variant for the user's `locale` trait: the same tag (case aside),
 * else one of the same language (`ko-KR` and `ko`), else the variant without
 * a locale, else the first variant created; no trait means the default.
 */
export interface LocaleVariant {
  locale?: string;
}

function language(tag: string): string {
  return tag.split('-')[0].toLowerCase();
}

/** The variant to render for `trait` (the user's `locale` trait, any type), or undefined when there is none. */
export function chooseLocaleVariant<T extends LocaleVariant>(variants: readonly T[], trait: unknown): T | undefined {
  const fallback = variants.find((v) => v.locale === undefined) ?? variants[0];
  if (typeof trait !== 'string' || trait.trim() === '') return fallback;
  const wanted = trait.trim().replace(/_/g, '-').toLowerCase();
  return (
    variants.find((v) => v.locale?.toLowerCase() === wanted) ??
    variants.find((v) => v.locale !== undefined && language(v.locale) === language(wanted)) ??
    fallback
  );
}
