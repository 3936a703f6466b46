import { useI18n } from '../app-context';
import { formatNumber, formatShortTime } from '../format';
import { useWidth } from '../ui/hooks';
import { linear, linePath, niceTicks } from './scale';

export interface TimePoint {
  at: string;
  value: number;
}

/** A line over time (e.g. a segment's size), drawn at the container's width; the last point is marked. */
export function LineChart(props: { points: TimePoint[]; label: string; height?: number }) {
  const { lang } = useI18n();
  const [ref, width] = useWidth<HTMLDivElement>();
  const height = props.height ?? 200;
  const pad = { left: 48, right: 16, top: 12, bottom: 28 };
  const times = props.points.map((p) => new Date(p.at).getTime());
  const max = Math.max(0, ...props.points.map((p) => p.value));
  const ticks = niceTicks(max);
  const x = linear(Math.min(...times), Math.max(...times), pad.left, width - pad.right);
  const y = linear(0, ticks[ticks.length - 1], height - pad.bottom, pad.top);
  const xy = props.points.map((p, i) => [x(times[i]), y(p.value)] as [number, number]);
  const last = props.points[props.points.length - 1];
  const summary = last ? `${props.label}: ${props.points.map((p) => `${formatShortTime(p.at, lang)} ${formatNumber(p.value, lang)}`).join(', ')}` : props.label;
  return (
    <div ref={ref} class="chart">
      <svg width={width} height={height} role="img" aria-label={summary}>
        {ticks.map((v) => (
          <g key={v} class="grid">
            <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} />
            <text x={pad.left - 6} y={y(v) + 4} text-anchor="end">
              {formatNumber(v, lang)}
            </text>
          </g>
        ))}
        {props.points.length > 0 && (
          <>
            <text class="axis" x={pad.left} y={height - 8}>
              {formatShortTime(props.points[0].at, lang)}
            </text>
            <text class="axis" x={width - pad.right} y={height - 8} text-anchor="end">
              {formatShortTime(last.at, lang)}
            </text>
            <path class="line" d={linePath(xy)} />
            {xy.map(([cx, cy], i) => (
              <circle key={i} class={i === xy.length - 1 ? 'dot last' : 'dot'} cx={cx} cy={cy} r={i === xy.length - 1 ? 4 : 2.5}>
                <title>{`${formatShortTime(props.points[i].at, lang)}: ${formatNumber(props.points[i].value, lang)}`}</title>
              </circle>
            ))}
          </>
        )}
      </svg>
    </div>
  );
}
