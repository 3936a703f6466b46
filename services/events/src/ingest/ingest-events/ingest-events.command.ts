import { WorkspaceConfig } from '@cairn/config';
import { TrackingEventDto } from '../tracking-event.dto';

export interface IngestEventsCommand {
  workspace: WorkspaceConfig;
  /** Validated events, in the order they were sent. */
  events: TrackingEventDto[];
  /** The batch's sentAt, for events without their own. */
  sentAt?: string;
  /** Where each event is in the request (`batch[3]`, '' for a single call), to name a refused timestamp. */
  at?: string[];
}
