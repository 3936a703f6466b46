import { useState } from 'preact/hooks';
import { api, query } from '../api';
import { useI18n } from '../app-context';
import { StackedBars } from '../charts/stacked-bars';
import { formatTime } from '../format';
import { navigate, useLocation } from '../navigation';
import type { Journey, MessagesPage, Series } from '../types';
import { Badge, Empty, Link, Loaded, Section, Table } from '../ui/common';
import { useAsync } from '../ui/hooks';

const STATUSES = ['SENT', 'SUPPRESSED', 'DEFERRED', 'FAILED', 'SENDING', 'PENDING', 'DELIVERED', 'OPENED', 'CLICKED', 'BOUNCED', 'COMPLAINED'];
const REASONS = [
  'no_consent',
  'consent_withdrawn',
  'consent_lapsed',
  'frequency_cap',
  'quiet_hours',
  'night_consent_required',
  'alimtalk_promotional_refused',
  'template_not_found',
  'template_render_failed',
  'channel_not_found',
  'recipient_missing',
  'provider_rejected',
  'provider_unavailable',
  'circuit_open',
];
const FIELDS = ['journey', 'status', 'reason', 'channel', 'userId'] as const;
type Filters = Partial<Record<(typeof FIELDS)[number], string>>;

/** A message's rendered content: its text fields, as sent. */
export function MessageContent({ content }: { content: Record<string, unknown> | null }) {
  if (!content) return null;
  const texts = Object.entries(content).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)] as const);
  return (
    <div class="content">
      {texts.map(([k, v]) => (
        <p key={k} class="message-text" data-field={k}>
          {v}
        </p>
      ))}
    </div>
  );
}

/** The delivery log with filters (journey, status, reason, channel), kept in the address so a filtered view is a link. */
export function MessagesPageView() {
  const { t, lang } = useI18n();
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const filters: Filters = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? undefined]).filter(([, v]) => v));
  const [draft, setDraft] = useState<Filters>(filters);
  const [pages, setPages] = useState<Array<string | undefined>>([undefined]);
  const journeys = useAsync(() => api<Journey[]>('/v1/journeys'), []);
  const series = useAsync(
    () => api<Series>(`/v1/messages/series${query({ window: '24h', bucket: '1h', journey: filters.journey, channel: filters.channel })}`),
    [search],
  );
  const log = useAsync(
    () => Promise.all(pages.map((before) => api<MessagesPage>(`/v1/messages/search${query({ ...filters, before, limit: 50 })}`))),
    [search, pages.length],
  );
  const apply = (next: Filters) => {
    setPages([undefined]);
    navigate(`/messages${query(next)}`);
  };
  const field = (name: keyof Filters) => ({
    value: draft[name] ?? '',
    onInput: (e: Event) => setDraft({ ...draft, [name]: (e.target as HTMLInputElement).value || undefined }),
  });
  return (
    <>
      <h1>{t('navMessages')}</h1>
      <Section title={t('filters')} id="filters">
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
            apply(draft);
          }}
        >
          <label>
            {t('journey')}
            <select {...field('journey')} onChange={(e) => setDraft({ ...draft, journey: (e.target as HTMLSelectElement).value || undefined })}>
              <option value="">{t('all')}</option>
              {(journeys.data ?? []).map((j) => (
                <option key={j.key} value={j.key}>
                  {j.key}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('status')}
            <select {...field('status')} onChange={(e) => setDraft({ ...draft, status: (e.target as HTMLSelectElement).value || undefined })}>
              <option value="">{t('all')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('reason')}
            <input list="reasons" {...field('reason')} />
            <datalist id="reasons">
              {REASONS.map((r) => (
                <option key={r} value={r} />
              ))}
            </datalist>
          </label>
          <label>
            {t('channel')}
            <input {...field('channel')} />
          </label>
          <label>
            {t('user')}
            <input {...field('userId')} />
          </label>
          <div class="filter-buttons">
            <button type="submit">{t('apply')}</button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setDraft({});
                apply({});
              }}
            >
              {t('clear')}
            </button>
          </div>
        </form>
      </Section>
      <Section title={`${t('sendsOverTime')} · ${t('last24h')}`} id="messages-sends">
        <Loaded state={series}>{(s) => <StackedBars buckets={s.points} label={t('sendsOverTime')} />}</Loaded>
      </Section>
      <Section title={t('deliveryLog')} id="log">
        <Loaded state={log}>
          {(loaded) => {
            const messages = loaded.flatMap((p) => p.messages);
            const next = loaded[loaded.length - 1]?.next;
            if (messages.length === 0) return <Empty />;
            return (
              <>
                <Table caption={t('deliveryLog')} head={[t('time'), t('user'), t('journey'), t('channel'), t('status'), t('content')]}>
                  {messages.map((m) => (
                    <tr key={m.id}>
                      <td class="nowrap">{formatTime(m.createdAt, lang)}</td>
                      <td>
                        <Link href={`/users/${encodeURIComponent(m.userId)}`}>{m.userId}</Link>
                      </td>
                      <td>{m.journey ? <Link href={`/journeys/${encodeURIComponent(m.journey)}`}>{m.journey}</Link> : '—'}</td>
                      <td>{m.channel}</td>
                      <td>
                        <Badge value={m.status} /> {m.reason && <code class="small">{m.reason}</code>}
                      </td>
                      <td class="wide">
                        <MessageContent content={m.content} />
                      </td>
                    </tr>
                  ))}
                </Table>
                {next && (
                  <button type="button" onClick={() => setPages([...pages, next])}>
                    {t('more')}
                  </button>
                )}
              </>
            );
          }}
        </Loaded>
      </Section>
    </>
  );
}
