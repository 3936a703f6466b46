import { api } from '../api';
import { useI18n } from '../app-context';
import { formatNumber } from '../format';
import type { Segment, SizeHistory } from '../types';
import { Badge, Empty, Link, Loaded, Section, Table } from '../ui/common';
import { useAsync } from '../ui/hooks';

async function load() {
  const segments = await api<Segment[] | { segments: Segment[] }>('/v1/segments');
  const list = Array.isArray(segments) ? segments : segments.segments;
  const sizes = await Promise.all(list.map((s) => api<SizeHistory>(`/v1/segments/${encodeURIComponent(s.key)}/size-history?since=24h`)));
  return list.map((segment, i) => ({ segment, size: sizes[i].current.size, day: sizes[i].points[0]?.size ?? null }));
}

/** Every segment with its size now and 24 hours ago. */
export function SegmentsPage() {
  const { t, lang } = useI18n();
  const state = useAsync(load, []);
  return (
    <>
      <h1>{t('navSegments')}</h1>
      <Loaded state={state}>
        {(rows) => (
          <Section title={t('navSegments')} id="segments-table">
            {rows.length === 0 ? (
              <Empty />
            ) : (
              <Table caption={t('navSegments')} head={[t('name'), t('size'), t('last24h')]}>
                {rows.map(({ segment, size, day }) => (
                  <tr key={segment.key} data-segment={segment.key}>
                    <td>
                      <Link href={`/segments/${encodeURIComponent(segment.key)}`}>{segment.key}</Link>
                      <div class="muted small">{segment.name}</div>
                      {segment.backfill === 'running' && <Badge value="DEFERRED" label={t('backfillRunning')} />}
                    </td>
                    <td class="num">{formatNumber(size, lang)}</td>
                    <td class="num">{day === null ? '–' : `${size - day >= 0 ? '+' : ''}${formatNumber(size - day, lang)}`}</td>
                  </tr>
                ))}
              </Table>
            )}
          </Section>
        )}
      </Loaded>
    </>
  );
}
