/**
 * Lays a journey's step graph out top to bottom for SVG: the entry on top,
 * each step one row below the first step that leads to it (breadth first),
 * the end of the journey at the bottom; rows centred. Pure.
 */
export interface GraphStep {
  id: string;
  next: Array<{ to: string | null; on: string }>;
}

export interface PlacedNode {
  id: string;
  kind: 'entry' | 'step' | 'end';
  x: number;
  y: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  on: string;
  /** Goes up or sideways (a loop back): drawn around the nodes, on the right. */
  back: boolean;
  /** Goes down past other rows: drawn around the nodes, on the left. */
  skip?: boolean;
  points: Array<[number, number]>;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/** Node size and gaps; `margin` is the side margin (room for edges drawn around the nodes), `top` the one above and below. */
export const NODE = { width: 196, height: 84, gapX: 32, gapY: 56, margin: 64, top: 12 };
export const ENTRY = '#entry';
export const END = '#end';

function rows(start: string, steps: Map<string, GraphStep>): Map<string, number> {
  const row = new Map<string, number>([[ENTRY, 0]]);
  const queue: string[] = [];
  if (steps.has(start)) {
    row.set(start, 1);
    queue.push(start);
  }
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const edge of steps.get(id)!.next) {
      if (edge.to !== null && steps.has(edge.to) && !row.has(edge.to)) {
        row.set(edge.to, row.get(id)! + 1);
        queue.push(edge.to);
      }
    }
  }
  let deepest = Math.max(...row.values());
  for (const id of steps.keys()) if (!row.has(id)) row.set(id, ++deepest); // unreachable steps, one row each
  row.set(END, deepest + 1);
  return row;
}

export function layoutGraph(start: string, stepList: GraphStep[]): GraphLayout {
  const steps = new Map(stepList.map((s) => [s.id, s]));
  const row = rows(start, steps);
  const order = [ENTRY, ...stepList.map((s) => s.id).sort((a, b) => row.get(a)! - row.get(b)!), END];
  const byRow = new Map<number, string[]>();
  for (const id of order) byRow.set(row.get(id)!, [...(byRow.get(row.get(id)!) ?? []), id]);
  const widest = Math.max(...[...byRow.values()].map((ids) => ids.length));
  const width = NODE.margin * 2 + widest * NODE.width + (widest - 1) * NODE.gapX;
  const place = new Map<string, PlacedNode>();
  for (const [r, ids] of byRow) {
    const rowWidth = ids.length * NODE.width + (ids.length - 1) * NODE.gapX;
    ids.forEach((id, i) => {
      const kind = id === ENTRY ? 'entry' : id === END ? 'end' : 'step';
      place.set(id, { id, kind, x: (width - rowWidth) / 2 + i * (NODE.width + NODE.gapX), y: NODE.top + r * (NODE.height + NODE.gapY) });
    });
  }
  const edges: PlacedEdge[] = [{ from: ENTRY, to: start, on: '', back: false, points: [] }];
  for (const s of stepList) for (const e of s.next) edges.push({ from: s.id, to: e.to ?? END, on: e.on, back: false, points: [] });
  const placedEdges = edges.filter((e) => place.has(e.from) && place.has(e.to)).map((e) => route(e, place.get(e.from)!, place.get(e.to)!, width));
  const height = NODE.top * 2 + (Math.max(...row.values()) + 1) * NODE.height + Math.max(...row.values()) * NODE.gapY;
  return { width, height, nodes: [...place.values()], edges: placedEdges };
}

function route(edge: PlacedEdge, a: PlacedNode, b: PlacedNode, width: number): PlacedEdge {
  if (b.y === a.y + NODE.height + NODE.gapY) {
    return {
      ...edge,
      points: [
        [a.x + NODE.width / 2, a.y + NODE.height],
        [b.x + NODE.width / 2, b.y],
      ],
    };
  }
  if (b.y > a.y) {
    // Skips rows: out of the left side, down the gap beside the nodes in between, into the target's left side.
    const side = Math.max(4, Math.min(a.x, b.x) - NODE.gapX / 2);
    return {
      ...edge,
      skip: true,
      points: [
        [a.x, a.y + NODE.height / 2],
        [side, a.y + NODE.height / 2],
        [side, b.y + NODE.height / 2],
        [b.x, b.y + NODE.height / 2],
      ],
    };
  }
  // A loop back up: out of the right side, along the margin, into the target's right side.
  const side = Math.min(width - 4, Math.max(a.x, b.x) + NODE.width + NODE.gapX / 2);
  return {
    ...edge,
    back: true,
    points: [
      [a.x + NODE.width, a.y + NODE.height / 2],
      [side, a.y + NODE.height / 2],
      [side, b.y + NODE.height / 2],
      [b.x + NODE.width, b.y + NODE.height / 2],
    ],
  };
}
