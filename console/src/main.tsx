import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, storedKey, storeKey, whenUnauthorized } from './api';
import { App, useApp, useI18n } from './app-context';
import { initialLang, Lang, LABELS } from './i18n';
import { navigate, useLocation } from './navigation';
import { JourneyPage } from './pages/journey';
import { JourneysPage } from './pages/journeys';
import { MessagesPageView } from './pages/messages';
import { SegmentPage } from './pages/segment';
import { SegmentsPage } from './pages/segments';
import { UserPage } from './pages/user';
import { matchRoute, Route } from './routes';
import { Link } from './ui/common';

const LANG_KEY = 'cairn.lang';

function Page({ route, search }: { route: Route; search: string }) {
  const { t } = useI18n();
  switch (route.name) {
    case 'journeys':
      return <JourneysPage />;
    case 'journey':
      return <JourneyPage journeyKey={route.key} version={new URLSearchParams(search).get('version')} />;
    case 'segments':
      return <SegmentsPage />;
    case 'segment':
      return <SegmentPage segmentKey={route.key} />;
    case 'user':
      return <UserPage userId={route.userId} />;
    case 'messages':
      return <MessagesPageView />;
    case 'notFound':
      return <h1>{t('notFound')}</h1>;
  }
}

function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api('/v1/journeys', { key: key.trim() });
      storeKey(key.trim());
      onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('badKey') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="sign-in">
      <form class="card" onSubmit={submit} aria-describedby="sign-in-help">
        <h1>{t('signInTitle')}</h1>
        <p id="sign-in-help" class="muted">
          {t('signInHelp')}
        </p>
        <label for="admin-key">{t('adminKey')}</label>
        <input
          id="admin-key"
          name="admin-key"
          type="password"
          autocomplete="current-password"
          required
          value={key}
          onInput={(e) => setKey((e.target as HTMLInputElement).value)}
          autoFocus
        />
        {error && (
          <p class="notice error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('signIn')}
        </button>
      </form>
    </main>
  );
}

function Header({ route }: { route: Route }) {
  const { t, lang } = useI18n();
  const { setLang, signOut } = useApp();
  const [userId, setUserId] = useState('');
  const current = (names: string[]) => (names.includes(route.name) ? 'page' : undefined);
  return (
    <header class="top">
      <a class="skip" href="#main">
        {t('skip')}
      </a>
      <Link href="/journeys" class="brand">
        Cairn
      </Link>
      <nav aria-label="Cairn">
        <Link href="/journeys" aria-current={current(['journeys', 'journey'])}>
          {t('navJourneys')}
        </Link>
        <Link href="/segments" aria-current={current(['segments', 'segment'])}>
          {t('navSegments')}
        </Link>
        <Link href="/messages" aria-current={current(['messages'])}>
          {t('navMessages')}
        </Link>
      </nav>
      <form
        class="find-user"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (userId.trim()) navigate(`/users/${encodeURIComponent(userId.trim())}`);
        }}
      >
        <label class="sr-only" for="find-user">
          {t('navUser')}
        </label>
        <input id="find-user" type="search" placeholder={t('navUser')} value={userId} onInput={(e) => setUserId((e.target as HTMLInputElement).value)} />
        <button type="submit">{t('go')}</button>
      </form>
      <div class="tools">
        <label class="sr-only" for="lang">
          {t('language')}
        </label>
        <select id="lang" value={lang} onChange={(e) => setLang((e.target as HTMLSelectElement).value as Lang)}>
          <option value="ko">한국어</option>
          <option value="en">English</option>
        </select>
        <button type="button" class="secondary" onClick={signOut}>
          {t('signOut')}
        </button>
      </div>
    </header>
  );
}

function Root() {
  const [lang, setLangState] = useState<Lang>(() => initialLang(localStorage.getItem(LANG_KEY), navigator.languages ?? [navigator.language]));
  const [signedIn, setSignedIn] = useState(() => storedKey() !== null);
  const { pathname, search } = useLocation();
  const route = matchRoute(pathname);
  const main = useRef<HTMLElement>(null);
  useEffect(() => whenUnauthorized(() => setSignedIn(false)), []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    const title = {
      journeys: 'navJourneys',
      journey: 'navJourneys',
      segments: 'navSegments',
      segment: 'navSegments',
      user: 'person',
      messages: 'navMessages',
      notFound: 'notFound',
    } as const;
    const detail = route.name === 'journey' ? route.key : route.name === 'segment' ? route.key : route.name === 'user' ? route.userId : '';
    document.title = `${detail ? `${detail} · ` : ''}${LABELS[lang][title[route.name]]} · Cairn`;
  }, [pathname, lang]);
  const context = {
    lang,
    setLang: (next: Lang) => {
      localStorage.setItem(LANG_KEY, next);
      setLangState(next);
    },
    signOut: () => {
      storeKey(null);
      setSignedIn(false);
    },
  };
  return (
    <App.Provider value={context}>
      {signedIn ? (
        <>
          <Header route={route} />
          <main id="main" ref={main} tabIndex={-1}>
            <Page key={pathname} route={route} search={search} />
          </main>
        </>
      ) : (
        <SignIn onSignedIn={() => setSignedIn(true)} />
      )}
    </App.Provider>
  );
}

render(<Root />, document.getElementById('app')!);
