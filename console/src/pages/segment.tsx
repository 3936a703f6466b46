import { useState } from 'preact/hooks';
import { api, query } from '../api';
import { useI18n } from '../app-context';
import { LineChart } from '../charts/line-chart';
import { formatNumber, formatTime } from '../format';
import type { MembersPage, Segment, SizeHistory, UserSegments } from '../types';
import { Empty, Link, Loaded, Section, Table } from '../ui/common';
import { ExplainTree } from '../ui/explain-tree';
import { useAsync } from '../ui/hooks';

/** One segment: its size over time, its members (paged) and explain for one member. */
export function SegmentPage(props: { segmentKey: string }) {
  const { t, lang } = useI18n();
  const k = encodeURIComponent(props.segmentKey);
  const state = useAsync(
    () => Promise.all([api<Segment>(`/v1/segments/${k}`), api<SizeHistory>(`/v1/segments/${k}/size-history?since=7d`)]),
    [props.segmentKey],
  );
  return (
    <Loaded state={state}>
      {([segment, history]) => (
        <>
          <h1>{segment.key}</h1>
          <p class="muted">{segment.name}</p>
          <Section title={`${t('sizeOverTime')} · ${t('last7d')}`} id="size" actions={<strong class="big">{formatNumber(history.current.size, lang)}</strong>}>
            <LineChart label={t('sizeOverTime')} points={[...history.points, history.current].map((p) => ({ at: p.at, value: p.size }))} />
          </Section>
          <Members segmentKey={segment.key} />
          <Explain segmentKey={segment.key} />
          <Section title="JSON" id="definition">
            <pre class="code">{JSON.stringify(segment.condition, null, 2)}</pre>
          </Section>
        </>
      )}
    </Loaded>
  );
}

function Members({ segmentKey }: { segmentKey: string }) {
  const { t, lang } = useI18n();
  const [pages, setPages] = useState<Array<string | undefined>>([undefined]);
  const state = useAsync(
    () => Promise.all(pages.map((after) => api<MembersPage>(`/v1/segments/${encodeURIComponent(segmentKey)}/members${query({ limit: 50, after })}`))),
    [segmentKey, pages.length],
  );
  return (
    <Section title={t('members')} id="members">
      <Loaded state={state}>
        {(loaded) => {
          const members = loaded.flatMap((p) => p.members);
          const next = loaded[loaded.length - 1]?.next;
          return members.length === 0 ? (
            <Empty />
          ) : (
            <>
              <Table caption={t('members')} head={[t('user'), t('enteredAt')]}>
                {members.map((m) => (
                  <tr key={m.userId}>
                    <td>
                      <Link href={`/users/${encodeURIComponent(m.userId)}`}>{m.userId}</Link>
                    </td>
                    <td>{formatTime(m.enteredAt, lang)}</td>
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
  );
}

function Explain({ segmentKey }: { segmentKey: string }) {
  const { t } = useI18n();
  const [userId, setUserId] = useState('');
  const [asked, setAsked] = useState<string>();
  const state = useAsync(
    () => (asked ? api<UserSegments>(`/v1/users/${encodeURIComponent(asked)}/segments?explain=true`) : Promise.resolve(undefined)),
    [asked],
  );
  const found = state.data?.segments.find((s) => s.key === segmentKey);
  return (
    <Section title={t('explainFor')} id="explain">
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(userId.trim() || undefined);
        }}
      >
        <label>
          {t('user')}
          <input value={userId} onInput={(e) => setUserId((e.target as HTMLInputElement).value)} placeholder={t('userIdPlaceholder')} />
        </label>
        <button type="submit">{t('explain')}</button>
      </form>
      {asked && state.error && <p class="notice error">{state.error.message}</p>}
      {asked && found?.explanation && (
        <>
          <p>
            <Link href={`/users/${encodeURIComponent(asked)}`}>{asked}</Link>: <strong>{found.member ? t('member') : t('notMember')}</strong>
          </p>
          <ul class="explain">
            <ExplainTree node={found.explanation} />
          </ul>
        </>
      )}
    </Section>
  );
}
