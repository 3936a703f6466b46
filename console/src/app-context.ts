import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { Lang, LabelKey, LABELS } from './i18n';

export interface AppContext {
  lang: Lang;
  setLang(lang: Lang): void;
  signOut(): void;
}

export const App = createContext<AppContext>({ lang: 'ko', setLang: () => undefined, signOut: () => undefined });

/** The language and its labels. */
export function useI18n(): { lang: Lang; t: (key: LabelKey) => string } {
  const { lang } = useContext(App);
  return { lang, t: (key) => LABELS[lang][key] };
}

export function useApp(): AppContext {
  return useContext(App);
}
