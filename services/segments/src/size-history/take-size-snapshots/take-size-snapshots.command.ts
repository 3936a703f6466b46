/** One pass of the size snapshot job: every configured workspace's segments, in the slot holding `at`. */
export interface TakeSizeSnapshotsCommand {
  /** Start of the slot (a multiple of SNAPSHOT_SLOT_MS). */
  at: Date;
}
