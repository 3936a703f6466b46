/** One step of the oldest pending backfill: the next page of at most `pageSize` users. */
export interface BackfillSegmentCommand {
  pageSize: number;
}
