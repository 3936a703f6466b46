import { referencedSegments, type Condition } from '@cairn/segments-domain';

/** Segments in an order where a referenced segment comes before the segments that reference it. */
export function referencedFirst<T extends { key: string; condition: unknown }>(segments: readonly T[]): T[] {
  const byKey = new Map(segments.map((s) => [s.key, s]));
  const out: T[] = [];
  const seen = new Set<string>();
  const visit = (s: T) => {
    if (seen.has(s.key)) return;
    seen.add(s.key);
    for (const k of referencedSegments(s.condition as Condition)) if (byKey.has(k)) visit(byKey.get(k)!);
    out.push(s);
  };
  segments.forEach(visit);
  return out;
}
