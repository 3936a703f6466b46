/** One pass of the schedules: enter one page of at most `pageSize` members of a due schedule. */
export interface FireSchedulesCommand {
  pageSize: number;
}
