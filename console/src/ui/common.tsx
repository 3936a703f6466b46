import type { ComponentChildren } from 'preact';
import { useI18n } from '../app-context';
import { navigate } from '../navigation';
import type { Async } from './hooks';

/** An in-app link: a real anchor (keyboard, middle click, copy link) that navigates without a reload. */
export function Link(props: { href: string; children: ComponentChildren; class?: string; 'aria-current'?: 'page' }) {
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.href);
  };
  return (
    <a href={props.href} class={props.class} onClick={onClick} aria-current={props['aria-current']}>
      {props.children}
    </a>
  );
}

/** Loading, error (with retry) or the content. */
export function Loaded<T>(props: { state: Async<T>; children: (data: T) => ComponentChildren }) {
  const { t } = useI18n();
  const { state } = props;
  if (state.error) {
    const notFound = (state.error as { status?: number }).status === 404;
    return (
      <div class="notice error" role="alert">
        <strong>{notFound ? t('notFound') : t('error')}</strong>
        <span> {state.error.message}</span>
        {!notFound && (
          <button type="button" class="link" onClick={state.reload}>
            {t('retry')}
          </button>
        )}
      </div>
    );
  }
  if (state.data === undefined)
    return (
      <p class="muted" aria-live="polite">
        {t('loading')}
      </p>
    );
  return <>{props.children(state.data)}</>;
}

export function Section(props: { title: ComponentChildren; children: ComponentChildren; id?: string; actions?: ComponentChildren }) {
  return (
    <section class="card" aria-labelledby={props.id}>
      <div class="card-head">
        <h2 id={props.id}>{props.title}</h2>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}

const STATUS_CLASS: Record<string, string> = {
  SENT: 'ok',
  // What a provider's delivery receipt moved a sent message to.
  DELIVERED: 'ok',
  OPENED: 'ok',
  CLICKED: 'ok',
  BOUNCED: 'bad',
  COMPLAINED: 'bad',
  active: 'ok',
  FAILED: 'bad',
  SUPPRESSED: 'warn',
  DEFERRED: 'info',
  PENDING: 'muted',
  SENDING: 'info',
  paused: 'warn',
  draft: 'muted',
  completed: 'muted',
  exited: 'warn',
};

export function Badge(props: { value: string; label?: string }) {
  return <span class={`badge ${STATUS_CLASS[props.value] ?? 'muted'}`}>{props.label ?? props.value}</span>;
}

/** A table that scrolls sideways on a narrow screen instead of breaking the page. */
export function Table(props: { caption?: string; head: ComponentChildren[]; children: ComponentChildren }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={props.caption}>
      <table>
        {props.caption && <caption class="sr-only">{props.caption}</caption>}
        <thead>
          <tr>
            {props.head.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

export function Empty() {
  const { t } = useI18n();
  return <p class="muted">{t('empty')}</p>;
}
