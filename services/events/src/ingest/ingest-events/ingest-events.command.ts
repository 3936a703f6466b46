import { WorkspaceConfig } from '@cairn/config';
import { TrackingEventDto } from '../tracking-event.dto';

export interface IngestEventsCommand {
  workspace: WorkspaceConfig;
  /** Validated events, in the order they were sent. */
  events: TrackingEventDto[];
  /** The batch's sentAt, for events without their own. */
  sentAt?: string;
}
