/** A plan: per resource, what apply does and the calls it makes. */
import type { Resource } from '@cairn/simulator';

export type PlanAction = 'create' | 'update' | 'publish' | 'delete' | 'unchanged' | 'kept';

export interface ApiCall {
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  /** The body names `${ENV}` references to resolve before sending (channels). */
  resolve?: boolean;
}

export interface PlanItem {
  kind: Resource['kind'];
  /** `segment flagship-hot`, `template cart-reminder (en)`, `frequency policy`. */
  label: string;
  action: PlanAction;
  /** What changes, one line per field (server → files). */
  diff: string[];
  /** A word on the action (`version 2`, `--prune deletes it`). */
  note?: string;
  source?: string;
  calls: ApiCall[];
}
