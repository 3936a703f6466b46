import { api } from '../api';
import { useI18n } from '../app-context';
import { StackedBars } from '../charts/stacked-bars';
import { formatNumber } from '../format';
import type { LabelKey } from '../i18n';
import type { Journey, JourneyStats, Series } from '../types';
import { Badge, Empty, Link, Loaded, Section, Table } from '../ui/common';
import { useAsync } from '../ui/hooks';

interface Row {
  journey: Journey;
  entered: number;
  active: number;
  converted: number;
  sent24h: number;
}

export const STATUS_LABEL: Record<string, LabelKey> = { draft: 'draft', active: 'activeStatus', paused: 'paused' };

async function load(): Promise<{ rows: Row[]; series: Series }> {
  const [journeys, series] = await Promise.all([api<Journey[]>('/v1/journeys'), api<Series>('/v1/messages/series?window=24h&bucket=1h')]);
  const stats = await Promise.all(journeys.map((j) => api<JourneyStats>(`/v1/journeys/${encodeURIComponent(j.key)}/stats`)));
  const rows = journeys.map((journey, i) => {
    const sum = (pick: (v: JourneyStats['versions'][number]) => number) => stats[i].versions.reduce((n, v) => n + pick(v), 0);
    return {
      journey,
      entered: sum((v) => v.entered),
      active: sum((v) => v.treatment.active + v.holdout.active),
      converted: sum((v) => v.treatment.converted + v.holdout.converted),
      sent24h: series.byJourney[journey.key]?.SENT ?? 0,
    };
  });
  return { rows, series };
}

/** Every journey: status, version, entered / active / converted, and messages sent in the last 24 h. */
export function JourneysPage() {
  const { t, lang } = useI18n();
  const state = useAsync(load, []);
  const n = (v: number) => formatNumber(v, lang);
  return (
    <>
      <h1>{t('navJourneys')}</h1>
      <Loaded state={state}>
        {({ rows, series }) => (
          <>
            <Section title={t('navJourneys')} id="journeys-table">
              {rows.length === 0 ? (
                <Empty />
              ) : (
                <Table caption={t('navJourneys')} head={[t('name'), t('status'), t('version'), t('entered'), t('active'), t('converted'), t('sent24h')]}>
                  {rows.map((r) => (
                    <tr key={r.journey.key} data-journey={r.journey.key}>
                      <td>
                        <Link href={`/journeys/${encodeURIComponent(r.journey.key)}`}>{r.journey.name}</Link>
                        <div class="muted small">{r.journey.key}</div>
                      </td>
                      <td>
                        <Badge value={r.journey.status} label={t(STATUS_LABEL[r.journey.status] ?? 'draft')} />
                      </td>
                      <td class="num">{r.journey.version === null ? '–' : `v${r.journey.version}`}</td>
                      <td class="num">{n(r.entered)}</td>
                      <td class="num">{n(r.active)}</td>
                      <td class="num">{n(r.converted)}</td>
                      <td class="num">{n(r.sent24h)}</td>
                    </tr>
                  ))}
                </Table>
              )}
            </Section>
            <Section title={`${t('sendsOverTime')} · ${t('last24h')}`} id="journeys-sends">
              <StackedBars buckets={series.points} label={t('sendsOverTime')} />
            </Section>
          </>
        )}
      </Loaded>
    </>
  );
}
