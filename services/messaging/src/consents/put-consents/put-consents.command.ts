import { ConsentUpdate } from '@cairn/messaging-domain';

export interface PutConsentsCommand {
  workspaceId: string;
  userId: string;
  update: ConsentUpdate;
}
