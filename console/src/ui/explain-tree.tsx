import { useI18n } from '../app-context';
import { formatTime } from '../format';
import type { Explanation } from '../types';

function describe(e: Explanation): string {
  const c = e.condition ?? {};
  switch (e.type) {
    case 'all':
    case 'any':
    case 'not':
      return e.type.toUpperCase();
    case 'trait':
      return `trait ${String(c.trait)} ${String(c.op)} ${JSON.stringify(c.value ?? null)} (= ${JSON.stringify(e.actual ?? null)})`;
    case 'event':
      return `${String(c.event)}${c.where ? ` ${JSON.stringify(c.where)}` : ''}${c.within ? ` within ${String(c.within)}` : ''}: ${e.countInWindow ?? 0}×`;
    case 'recency':
      return `${String(c.event)} last ${JSON.stringify(c.lastAt)}`;
    case 'segment':
      return `segment ${String(c.segment)}`;
    default:
      return e.type;
  }
}

/** A segment explanation as a nested list: each condition, whether it holds now, and its figures. */
export function ExplainTree(props: { node: Explanation }) {
  const { lang } = useI18n();
  const e = props.node;
  const kids = e.children ?? (e.child ? [e.child] : []);
  return (
    <li class={e.value ? 'holds' : 'fails'}>
      <span class="mark" aria-label={e.value ? 'true' : 'false'}>
        {e.value ? '✔' : '✘'}
      </span>{' '}
      <code>{describe(e)}</code>
      {e.lastOccurredAt ? <span class="muted"> · last {formatTime(new Date(e.lastOccurredAt).toISOString(), lang)}</span> : null}
      {e.nextChangeAt ? <span class="muted"> · next change {formatTime(new Date(e.nextChangeAt).toISOString(), lang)}</span> : null}
      {kids.length > 0 && (
        <ul>
          {kids.map((k, i) => (
            <ExplainTree key={i} node={k} />
          ))}
        </ul>
      )}
    </li>
  );
}
