/** The log's keyset cursor: `<created_at epoch ms>.<seq>` of the last entry of a page. */
export function encodeCursor(createdAt: Date, seq: string): string {
  return `${createdAt.getTime()}.${seq}`;
}

/** The position a cursor names, or undefined when it is not one. */
export function decodeCursor(raw: string): { createdAt: Date; seq: string } | undefined {
  const m = /^(\d{1,15})\.(\d{1,19})$/.exec(raw);
  if (!m) return undefined;
  const createdAt = new Date(Number(m[1]));
  return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, seq: m[2] };
}
