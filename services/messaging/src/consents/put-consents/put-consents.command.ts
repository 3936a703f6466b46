import { ConsentUpdate } from '../../domain';

export interface PutConsentsCommand {
  workspaceId: string;
  userId: string;
  update: ConsentUpdate;
}
