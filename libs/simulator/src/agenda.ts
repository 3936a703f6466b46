/**
 * Virtual time: what is due when, as a binary heap ordered by instant and
 * then by the order things were put on it (the scenario's events first, as
 * they are all put on at the start). Nothing here reads a clock.
 */
export interface AgendaItem<T> {
  at: number;
  seq: number;
  task: T;
}

export class Agenda<T> {
  private readonly heap: AgendaItem<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  add(at: number, task: T): void {
    const item = { at, seq: this.seq++, task };
    this.heap.push(item);
    this.up(this.heap.length - 1);
  }

  /** The instant of the next item, or undefined when nothing is due any more. */
  peekAt(): number | undefined {
    return this.heap[0]?.at;
  }

  pop(): AgendaItem<T> | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    return top;
  }

  private before(a: AgendaItem<T>, b: AgendaItem<T>): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i], h[parent])) return;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < h.length && this.before(h[l], h[best])) best = l;
      if (r < h.length && this.before(h[r], h[best])) best = r;
      if (best === i) return;
      [h[i], h[best]] = [h[best], h[i]];
      i = best;
    }
  }
}
