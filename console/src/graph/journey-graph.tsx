import { useI18n } from '../app-context';
import { formatNumber } from '../format';
import { END, ENTRY, GraphStep, layoutGraph, NODE } from './layout';

export interface CountedStep extends GraphStep {
  type: string;
  reached: number;
  waiting: number;
  left: number;
  exited: number;
}

function edgePath(points: Array<[number, number]>, around: boolean): string {
  if (!around) {
    const [[x1, y1], [x2, y2]] = points;
    const mid = (y1 + y2) / 2;
    return `M${x1} ${y1} C${x1} ${mid} ${x2} ${mid} ${x2} ${y2 - 6}`;
  }
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x} ${y}`).join(' ');
}

/** A journey version's steps as an SVG graph, each step with its counts (reached, waiting now, left). */
export function JourneyGraph(props: { start: string; steps: CountedStep[]; entryLabel: string; entered: number }) {
  const { t, lang } = useI18n();
  const g = layoutGraph(props.start, props.steps);
  const byId = new Map(props.steps.map((s) => [s.id, s]));
  const n = (v: number) => formatNumber(v, lang);
  const summary = `${t('stepGraph')}: ${props.steps.map((s) => `${s.id} (${s.type}): ${t('reached')} ${s.reached}, ${t('waiting')} ${s.waiting}, ${t('left')} ${s.left}`).join('; ')}`;
  return (
    <div class="graph-wrap" tabIndex={0} role="region" aria-label={t('stepGraph')}>
      <svg class="graph" width={g.width} height={g.height} viewBox={`0 0 ${g.width} ${g.height}`} role="img" aria-label={summary}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0 0 L10 5 L0 10 z" class="arrowhead" />
          </marker>
        </defs>
        {g.edges.map((e) => {
          const around = e.back || e.skip === true;
          const [lx, ly] = around
            ? [e.points[1][0], (e.points[1][1] + e.points[2][1]) / 2]
            : [(e.points[0][0] + e.points[1][0]) / 2, (e.points[0][1] + e.points[1][1]) / 2];
          return (
            <g key={`${e.from}-${e.to}-${e.on}`} class="edge">
              <path d={edgePath(e.points, around)} marker-end="url(#arrow)" />
              {e.on && e.on !== 'next' && (
                <text x={lx + 4} y={ly - 2} class="edge-label" text-anchor={e.skip ? 'end' : 'start'} dx={e.skip ? -8 : 0}>
                  {e.on}
                </text>
              )}
            </g>
          );
        })}
        {g.nodes.map((node) => {
          const step = byId.get(node.id);
          const cls = node.kind === 'step' ? `node step-${step?.type}` : `node ${node.kind}`;
          return (
            <g key={node.id} class={cls} transform={`translate(${node.x} ${node.y})`} data-step={node.kind === 'step' ? node.id : undefined}>
              <rect width={NODE.width} height={NODE.height} rx="10" />
              {node.id === ENTRY && (
                <>
                  <text x="12" y="26" class="node-title">
                    {t('entry')}
                  </text>
                  <text x="12" y="48" class="node-sub">
                    {props.entryLabel}
                  </text>
                  <text x="12" y="70" class="node-counts">{`${t('entered')} ${n(props.entered)}`}</text>
                </>
              )}
              {node.id === END && (
                <text x={NODE.width / 2} y={NODE.height / 2 + 5} text-anchor="middle" class="node-title">
                  {t('end')}
                </text>
              )}
              {step && (
                <>
                  <text x="12" y="24" class="node-title">
                    {step.id}
                  </text>
                  <text x={NODE.width - 12} y="24" text-anchor="end" class="node-type">
                    {step.type}
                  </text>
                  <text x="12" y="50" class="node-counts">
                    <tspan class="count-reached">{`${t('reached')} ${n(step.reached)}`}</tspan>
                    <tspan>{` · ${t('waiting')} ${n(step.waiting)}`}</tspan>
                  </text>
                  <text x="12" y="72" class="node-counts">
                    <tspan>{`${t('left')} ${n(step.left)}`}</tspan>
                    {step.exited > 0 && <tspan class="count-exited">{` · ${t('exitedHere')} ${n(step.exited)}`}</tspan>}
                  </text>
                </>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
