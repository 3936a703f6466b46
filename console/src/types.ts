/** The shapes of Cairn's API answers the console reads (only the fields it uses). */
export type Counts = Record<string, number>;

export interface Journey {
  id: string;
  key: string;
  name: string;
  status: 'draft' | 'active' | 'paused';
  version: number | null;
  definition: { entry: Record<string, unknown>; description?: string; holdout: number; goal?: { event: string; within: string } };
  updatedAt: string;
}

export interface VersionStats {
  version: number;
  entered: number;
  activeBySteps: Counts;
  exitsByReason: Counts;
  delivery: {
    requested: number;
    awaitingOutcome: number;
    sent: number;
    deferred: number;
    suppressed: number;
    failed: number;
    suppressedByReason: Counts;
    failedByReason: Counts;
  };
  treatment: { entered: number; converted: number; active: number };
  holdout: { entered: number; converted: number; active: number };
}

export interface JourneyStats {
  versions: VersionStats[];
}

export interface StepCounts {
  version: number;
  publishedAt: string;
  definition: { start: string; entry: Record<string, unknown> };
  runs: { entered: number; active: number; completed: number; exited: number };
  steps: Array<{ id: string; type: string; next: Array<{ to: string | null; on: string }>; reached: number; waiting: number; left: number; exited: number }>;
}

export interface Versions {
  versions: Array<{ version: number; publishedAt: string; current: boolean; runs: number }>;
}

export interface Uplift {
  treatment: { entered: number; converted: number; rate: number | null };
  holdout: { entered: number; converted: number; rate: number | null };
  goal: { event: string; within: string } | null;
  uplift: { absolute: number | null; relative: number | null; interval: { lower: number; upper: number; confidence: number } | null; reason?: string };
}

export interface Series {
  from: string;
  to: string;
  bucket: string;
  points: Array<{ at: string; counts: Counts }>;
  totals: Counts;
  byJourney: Record<string, Counts>;
}

export interface Message {
  id: string;
  userId: string;
  journey: string | null;
  step: string | null;
  channel: string;
  template: string;
  category: string;
  status: string;
  reason: string | null;
  content: Record<string, unknown> | null;
  createdAt: string;
  sentAt: string | null;
  deferredUntil: string | null;
}

export interface MessagesPage {
  messages: Message[];
  next: string | null;
}

export interface Segment {
  id: string;
  key: string;
  name: string;
  description?: string;
  condition: unknown;
  backfill: 'running' | 'done';
}

export interface SizeHistory {
  points: Array<{ at: string; size: number }>;
  current: { at: string; size: number };
  every: string;
}

export interface MembersPage {
  members: Array<{ userId: string; enteredAt: string }>;
  next: string | null;
}

export type Explanation = {
  type: string;
  value: boolean;
  condition?: Record<string, unknown>;
  children?: Explanation[];
  child?: Explanation;
  actual?: unknown;
  countInWindow?: number;
  lastOccurredAt?: number | null;
  nextChangeAt?: number | null;
};

export interface UserSegments {
  segments: Array<{ id: string; key: string; name: string; member: boolean; enteredAt?: string; explanation?: Explanation }>;
}

export interface Profile {
  traits: Record<string, unknown>;
  identities: Array<{ id: string; linkedAt: string }>;
  totals: Record<string, { count: number; firstAt: string; lastAt: string }>;
  events: Array<{ name: string; at: string; properties: Record<string, unknown> }>;
}

export interface UserRun {
  runId: string;
  journey: { key: string; version: number };
  status: string;
  step: string | null;
  group: string;
  converted: boolean;
  exitReason: string | null;
  enteredAt: string;
  endedAt: string | null;
}

export interface Consents {
  channels: Record<string, { advertising?: { granted: boolean; at: string }; night?: { granted: boolean; at: string } }>;
}
