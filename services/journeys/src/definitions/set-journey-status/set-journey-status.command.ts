/** pause: no new entries (running users go on); resume: entries again. */
export interface SetJourneyStatusCommand {
  workspaceId: string;
  idOrKey: string;
  action: 'pause' | 'resume';
}
