import { WorkspaceConfig } from '@cairn/config';
import { CatalogEventDto } from '../catalog-event.dto';

export interface IngestCatalogEventsCommand {
  workspace: WorkspaceConfig;
  events: CatalogEventDto[];
}
