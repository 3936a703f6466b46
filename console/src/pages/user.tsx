import { api, ApiError } from '../api';
import { useI18n } from '../app-context';
import { formatTime } from '../format';
import type { Consents, MessagesPage, Profile, UserRun, UserSegments } from '../types';
import { Badge, Empty, Link, Loaded, Section, Table } from '../ui/common';
import { ExplainTree } from '../ui/explain-tree';
import { useAsync } from '../ui/hooks';
import { MessageContent } from './messages';

async function load(userId: string) {
  const u = encodeURIComponent(userId);
  const profile = api<Profile>(`/v1/users/${u}/profile`).catch((e: unknown) => {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  });
  const [p, segments, runs, consents, log] = await Promise.all([
    profile,
    api<UserSegments>(`/v1/users/${u}/segments?explain=true`),
    api<UserRun[]>(`/v1/users/${u}/journeys`),
    api<Consents>(`/v1/users/${u}/consents`),
    api<MessagesPage>(`/v1/messages/search?userId=${u}&limit=100`),
  ]);
  return { profile: p, segments, runs, consents, log };
}

/** The person: traits, identities, segments (with explain), journey runs, consents and the delivery log as a timeline. */
export function UserPage(props: { userId: string }) {
  const { t, lang } = useI18n();
  const state = useAsync(() => load(props.userId), [props.userId]);
  return (
    <>
      <h1>
        {t('person')}: <span class="user-id">{props.userId}</span>
      </h1>
      <Loaded state={state}>
        {({ profile, segments, runs, consents, log }) => (
          <>
            <div class="grid-2">
              <Section title={t('traits')} id="traits">
                {profile ? <Traits traits={profile.traits} /> : <p class="muted">{t('unknownPerson')}</p>}
                {profile && profile.identities.length > 0 && (
                  <>
                    <h3>{t('identities')}</h3>
                    <ul class="plain">
                      {profile.identities.map((i) => (
                        <li key={i.id}>
                          <code>{i.id}</code> <span class="muted small">{formatTime(i.linkedAt, lang)}</span>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </Section>
              <Section title={t('consents')} id="consents">
                {Object.keys(consents.channels).length === 0 ? (
                  <Empty />
                ) : (
                  <ul class="plain">
                    {Object.entries(consents.channels).map(([channel, c]) => (
                      <li key={channel}>
                        <strong>{channel}</strong>: {t('advertising')} {c.advertising?.granted ? t('granted') : t('refused')} · {t('night')}{' '}
                        {c.night?.granted ? t('granted') : t('refused')}
                      </li>
                    ))}
                  </ul>
                )}
              </Section>
            </div>
            <Section title={t('deliveryLog')} id="timeline">
              {log.messages.length === 0 ? (
                <Empty />
              ) : (
                <ol class="timeline">
                  {log.messages.map((m) => (
                    <li key={m.id} class={`status-${m.status.toLowerCase()}`} data-message={m.id}>
                      <div class="timeline-head">
                        <Badge value={m.status} />
                        {m.reason && <code>{m.reason}</code>}
                        <span class="muted small">{formatTime(m.sentAt ?? m.createdAt, lang)}</span>
                      </div>
                      <div class="small muted">
                        {m.journey ? <Link href={`/journeys/${encodeURIComponent(m.journey)}`}>{m.journey}</Link> : '—'}
                        {m.step && ` · ${m.step}`} · {m.channel} · {m.template} · {m.category}
                      </div>
                      <MessageContent content={m.content} />
                    </li>
                  ))}
                </ol>
              )}
            </Section>
            <Section title={t('journeyRuns')} id="runs">
              {runs.length === 0 ? (
                <Empty />
              ) : (
                <Table caption={t('journeyRuns')} head={[t('journey'), t('status'), t('step'), t('group'), t('converted'), t('enteredAt')]}>
                  {runs.map((r) => (
                    <tr key={r.runId}>
                      <td>
                        <Link href={`/journeys/${encodeURIComponent(r.journey.key)}`}>{r.journey.key}</Link>{' '}
                        <span class="muted small">v{r.journey.version}</span>
                      </td>
                      <td>
                        <Badge value={r.status} /> {r.exitReason && <code class="small">{r.exitReason}</code>}
                      </td>
                      <td>{r.step ?? '—'}</td>
                      <td>{r.group}</td>
                      <td>{r.converted ? '✔' : ''}</td>
                      <td>{formatTime(r.enteredAt, lang)}</td>
                    </tr>
                  ))}
                </Table>
              )}
            </Section>
            <Section title={t('segments')} id="user-segments">
              <ul class="segment-list">
                {segments.segments.map((s) => (
                  <li key={s.key}>
                    <details open={s.member}>
                      <summary>
                        <Link href={`/segments/${encodeURIComponent(s.key)}`}>{s.key}</Link>{' '}
                        <Badge value={s.member ? 'SENT' : 'PENDING'} label={s.member ? t('member') : t('notMember')} />
                      </summary>
                      {s.explanation && (
                        <ul class="explain">
                          <ExplainTree node={s.explanation} />
                        </ul>
                      )}
                    </details>
                  </li>
                ))}
              </ul>
            </Section>
            {profile && profile.events.length > 0 && (
              <Section title={t('recentEvents')} id="events">
                <Table caption={t('recentEvents')} head={[t('time'), t('name'), 'properties']}>
                  {profile.events.map((e, i) => (
                    <tr key={i}>
                      <td>{formatTime(e.at, lang)}</td>
                      <td>{e.name}</td>
                      <td>
                        <code class="small">{JSON.stringify(e.properties)}</code>
                      </td>
                    </tr>
                  ))}
                </Table>
              </Section>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}

function Traits({ traits }: { traits: Record<string, unknown> }) {
  const entries = Object.entries(traits);
  if (entries.length === 0) return <Empty />;
  return (
    <dl class="traits">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}
