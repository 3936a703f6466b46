import { NotFound } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntentRepository } from '../../messages/intent.repository';
import { messageView, MessageView } from '../message.view';
import { GetMessageCommand } from './get-message.command';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One message of the workspace by id: status, reason, content, times, receipts and fallback; 404 for another workspace's or none. */
@Injectable()
export class GetMessageUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute({ workspaceId, id }: GetMessageCommand): Promise<MessageView> {
    const intent = UUID_RE.test(id) ? await new IntentRepository(this.dataSource.manager).findById(workspaceId, id) : undefined;
    if (!intent) throw new NotFound('message', id);
    return messageView(intent);
  }
}
