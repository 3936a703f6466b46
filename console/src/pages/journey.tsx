import { useState } from 'preact/hooks';
import { api, ApiError, query } from '../api';
import { useI18n } from '../app-context';
import { StackedBars } from '../charts/stacked-bars';
import { formatNumber, formatPercent, formatTime } from '../format';
import { JourneyGraph } from '../graph/journey-graph';
import type { Journey, JourneyStats, Series, StepCounts, Uplift, Versions } from '../types';
import { Badge, Link, Loaded, Section, Table } from '../ui/common';
import { useAsync } from '../ui/hooks';
import { STATUS_LABEL } from './journeys';

function entryLabel(entry: Record<string, unknown>): string {
  if (typeof entry.catalogEvent === 'string') return `catalog: ${entry.catalogEvent}`;
  if (typeof entry.schedule === 'string') return `${entry.schedule} · ${String(entry.segment)}`;
  if (typeof entry.segment === 'string') return `segment ${entry.segment} (${String(entry.on)})`;
  return String(entry.event ?? '');
}

async function load(key: string, version: string | null) {
  const k = encodeURIComponent(key);
  const journey = await api<Journey>(`/v1/journeys/${k}`);
  const [versions, stats, series] = await Promise.all([
    api<Versions>(`/v1/journeys/${k}/versions`),
    api<JourneyStats>(`/v1/journeys/${k}/stats`),
    api<Series>(`/v1/messages/series${query({ window: '24h', bucket: '1h', journey: key })}`),
  ]);
  const ref = version ?? 'current';
  const [steps, uplift] =
    journey.version === null && version === null
      ? [null, null]
      : await Promise.all([api<StepCounts>(`/v1/journeys/${k}/versions/${ref}/steps`), api<Uplift>(`/v1/journeys/${k}/versions/${ref}/uplift`)]);
  return { journey, versions, stats, series, steps, uplift };
}

type Loaded = Awaited<ReturnType<typeof load>>;

/** One journey: its graph with per-step counts, delivery with reasons, holdout uplift with its interval, versions, and publish / pause / resume. */
export function JourneyPage(props: { journeyKey: string; version: string | null }) {
  const state = useAsync(() => load(props.journeyKey, props.version), [props.journeyKey, props.version]);
  return <Loaded state={state}>{(data) => <JourneyView data={data} reload={state.reload} />}</Loaded>;
}

function JourneyView({ data, reload }: { data: Loaded; reload: () => void }) {
  const { t, lang } = useI18n();
  const { journey, versions, stats, series, steps, uplift } = data;
  const shown = steps?.version ?? journey.version;
  const versionStats = stats.versions.find((v) => v.version === shown);
  return (
    <>
      <div class="page-head">
        <div>
          <h1>{journey.name}</h1>
          <p class="muted">
            <code>{journey.key}</code> · <Badge value={journey.status} label={t(STATUS_LABEL[journey.status] ?? 'draft')} />
            {journey.version !== null && ` · v${journey.version}`}
          </p>
          {journey.definition.description && <p>{journey.definition.description}</p>}
        </div>
        <Actions journey={journey} done={reload} />
      </div>
      {steps ? (
        <Section title={`${t('stepGraph')} · v${steps.version}`} id="graph">
          <JourneyGraph start={steps.definition.start} steps={steps.steps} entryLabel={entryLabel(steps.definition.entry)} entered={steps.runs.entered} />
          <Table caption={t('steps')} head={[t('step'), 'type', t('reached'), t('waiting'), t('left'), t('exitedHere')]}>
            {steps.steps.map((s) => (
              <tr key={s.id} data-step-row={s.id}>
                <th scope="row">{s.id}</th>
                <td>{s.type}</td>
                <td class="num">{formatNumber(s.reached, lang)}</td>
                <td class="num">{formatNumber(s.waiting, lang)}</td>
                <td class="num">{formatNumber(s.left, lang)}</td>
                <td class="num">{formatNumber(s.exited, lang)}</td>
              </tr>
            ))}
          </Table>
        </Section>
      ) : (
        <p class="notice">{t('empty')}</p>
      )}
      <div class="grid-2">
        {versionStats && <DeliveryCard stats={versionStats} />}
        {uplift && <UpliftCard uplift={uplift} />}
      </div>
      <Section title={`${t('sendsOverTime')} · ${t('last24h')}`} id="journey-sends">
        <StackedBars buckets={series.points} label={t('sendsOverTime')} />
      </Section>
      <Section title={t('versions')} id="versions">
        <Table caption={t('versions')} head={[t('version'), t('publishedAt'), t('runs'), '']}>
          {versions.versions.map((v) => (
            <tr key={v.version}>
              <td>
                <Link href={`/journeys/${encodeURIComponent(journey.key)}?version=${v.version}`}>{`v${v.version}`}</Link>{' '}
                {v.current && <Badge value="active" label={t('current')} />}
              </td>
              <td>{formatTime(v.publishedAt, lang)}</td>
              <td class="num">{formatNumber(v.runs, lang)}</td>
              <td>{v.version === shown ? '●' : ''}</td>
            </tr>
          ))}
        </Table>
      </Section>
    </>
  );
}

function Actions({ journey, done }: { journey: Journey; done: () => void }) {
  const { t } = useI18n();
  const [message, setMessage] = useState<string>();
  const run = async (action: 'publish' | 'pause' | 'resume') => {
    setMessage(undefined);
    try {
      await api(`/v1/journeys/${encodeURIComponent(journey.key)}/${action}`, { method: 'POST' });
      setMessage(t('actionDone'));
      done();
    } catch (e) {
      setMessage(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    }
  };
  return (
    <div class="actions">
      <button type="button" onClick={() => run('publish')}>
        {t('publish')}
      </button>
      {journey.status === 'active' && (
        <button type="button" onClick={() => run('pause')}>
          {t('pause')}
        </button>
      )}
      {journey.status === 'paused' && (
        <button type="button" onClick={() => run('resume')}>
          {t('resume')}
        </button>
      )}
      {message && (
        <p role="status" class="small">
          {message}
        </p>
      )}
    </div>
  );
}

function DeliveryCard({ stats }: { stats: JourneyStats['versions'][number] }) {
  const { t, lang } = useI18n();
  const d = stats.delivery;
  const n = (v: number) => formatNumber(v, lang);
  const reasons = [
    ...Object.entries(d.suppressedByReason).map(([r, c]) => ['SUPPRESSED', r, c] as const),
    ...Object.entries(d.failedByReason).map(([r, c]) => ['FAILED', r, c] as const),
  ];
  return (
    <Section title={`${t('delivery')} · v${stats.version}`} id="delivery">
      <dl class="stats">
        <div>
          <dt>{t('requested')}</dt>
          <dd>{n(d.requested)}</dd>
        </div>
        <div>
          <dt>{t('sent')}</dt>
          <dd>{n(d.sent)}</dd>
        </div>
        <div>
          <dt>{t('deferred')}</dt>
          <dd>{n(d.deferred)}</dd>
        </div>
        <div>
          <dt>{t('suppressed')}</dt>
          <dd>{n(d.suppressed)}</dd>
        </div>
        <div>
          <dt>{t('failed')}</dt>
          <dd>{n(d.failed)}</dd>
        </div>
        <div>
          <dt>{t('awaitingOutcome')}</dt>
          <dd>{n(d.awaitingOutcome)}</dd>
        </div>
      </dl>
      {reasons.length > 0 && (
        <Table caption={t('reason')} head={[t('status'), t('reason'), t('count')]}>
          {reasons.map(([status, reason, count]) => (
            <tr key={`${status}-${reason}`}>
              <td>
                <Badge value={status} />
              </td>
              <td>
                <code>{reason}</code>
              </td>
              <td class="num">{n(count)}</td>
            </tr>
          ))}
        </Table>
      )}
    </Section>
  );
}

function UpliftCard({ uplift }: { uplift: Uplift }) {
  const { t, lang } = useI18n();
  const u = uplift.uplift;
  const pct = (v: number | null) => formatPercent(v, lang);
  return (
    <Section title={t('uplift')} id="uplift">
      <dl class="stats">
        <div>
          <dt>{t('treatment')}</dt>
          <dd>{pct(uplift.treatment.rate)}</dd>
          <dd class="small muted">{`${formatNumber(uplift.treatment.converted, lang)} / ${formatNumber(uplift.treatment.entered, lang)}`}</dd>
        </div>
        <div>
          <dt>{t('holdout')}</dt>
          <dd>{pct(uplift.holdout.rate)}</dd>
          <dd class="small muted">{`${formatNumber(uplift.holdout.converted, lang)} / ${formatNumber(uplift.holdout.entered, lang)}`}</dd>
        </div>
        <div>
          <dt>{t('uplift')}</dt>
          <dd>{formatPercent(u.absolute, lang, true)}</dd>
        </div>
      </dl>
      <p class="small">
        {u.interval
          ? `${Math.round(u.interval.confidence * 100)}% ${t('interval')}: ${formatPercent(u.interval.lower, lang, true)} … ${formatPercent(u.interval.upper, lang, true)} (Newcombe)`
          : `${t('noInterval')}${u.reason ? ` (${u.reason})` : ''}`}
      </p>
      {uplift.goal && <p class="small muted">{`${t('goal')}: ${uplift.goal.event} · ${t('within')} ${uplift.goal.within}`}</p>}
    </Section>
  );
}
