import { useI18n } from '../app-context';
import { formatNumber, formatShortTime } from '../format';
import { useWidth } from '../ui/hooks';
import { linear, niceTicks } from './scale';

export interface Bucket {
  at: string;
  counts: Record<string, number>;
}

/** The statuses drawn, bottom to top, with their legend class. */
const SERIES = ['SENT', 'DEFERRED', 'SUPPRESSED', 'FAILED'] as const;

/** Sends per time bucket, stacked by status, with a legend. */
export function StackedBars(props: { buckets: Bucket[]; label: string; height?: number }) {
  const { lang, t } = useI18n();
  const [ref, width] = useWidth<HTMLDivElement>();
  const height = props.height ?? 180;
  const pad = { left: 40, right: 8, top: 10, bottom: 26 };
  const totals = props.buckets.map((b) => SERIES.reduce((sum, s) => sum + (b.counts[s] ?? 0), 0));
  const ticks = niceTicks(Math.max(0, ...totals));
  const y = linear(0, ticks[ticks.length - 1], height - pad.bottom, pad.top);
  const slot = (width - pad.left - pad.right) / Math.max(1, props.buckets.length);
  const bar = Math.max(1, slot * 0.7);
  const names: Record<(typeof SERIES)[number], string> = { SENT: t('sent'), DEFERRED: t('deferred'), SUPPRESSED: t('suppressed'), FAILED: t('failed') };
  const grand = SERIES.map(
    (s) =>
      `${names[s]} ${formatNumber(
        props.buckets.reduce((sum, b) => sum + (b.counts[s] ?? 0), 0),
        lang,
      )}`,
  ).join(', ');
  return (
    <div ref={ref} class="chart">
      <svg width={width} height={height} role="img" aria-label={`${props.label}: ${grand}`}>
        {ticks.map((v) => (
          <g key={v} class="grid">
            <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} />
            <text x={pad.left - 6} y={y(v) + 4} text-anchor="end">
              {formatNumber(v, lang)}
            </text>
          </g>
        ))}
        {props.buckets.map((b, i) => {
          let base = 0;
          const x0 = pad.left + i * slot + (slot - bar) / 2;
          return (
            <g key={b.at}>
              <title>{`${formatShortTime(b.at, lang)}: ${SERIES.map((s) => `${names[s]} ${b.counts[s] ?? 0}`).join(', ')}`}</title>
              {SERIES.map((s) => {
                const n = b.counts[s] ?? 0;
                if (n === 0) return null;
                const top = y(base + n);
                const rect = <rect key={s} class={`bar ${s.toLowerCase()}`} x={x0} width={bar} y={top} height={Math.max(1, y(base) - top)} />;
                base += n;
                return rect;
              })}
            </g>
          );
        })}
        {props.buckets.length > 0 && (
          <>
            <text class="axis" x={pad.left} y={height - 8}>
              {formatShortTime(props.buckets[0].at, lang)}
            </text>
            <text class="axis" x={width - pad.right} y={height - 8} text-anchor="end">
              {formatShortTime(props.buckets[props.buckets.length - 1].at, lang)}
            </text>
          </>
        )}
      </svg>
      <ul class="legend">
        {SERIES.map((s) => (
          <li key={s}>
            <span class={`swatch ${s.toLowerCase()}`} aria-hidden="true" /> {names[s]}
          </li>
        ))}
      </ul>
    </div>
  );
}
