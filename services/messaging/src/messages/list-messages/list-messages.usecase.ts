import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isTestIntent } from '../../sending/test-sends';
import { SendIntent } from '../intent';
import { IntentRepository } from '../intent.repository';
import { ListMessagesCommand } from './list-messages.command';

/** One entry of the delivery log. */
export interface MessageEntry {
  id: string;
  userId: string;
  idempotencyKey: string;
  journey: string | null;
  journeyVersion: number | null;
  runId: string | null;
  step: string | null;
  channel: string;
  template: string;
  category: SendIntent['category'];
  status: SendIntent['status'];
  reason: string | null;
  content: SendIntent['content'];
  createdAt: string;
  sentAt: string | null;
  deferredUntil: string | null;
  /** A test send (`POST /v1/journeys/:id/test-send`). */
  test: boolean;
}

export function toEntry(intent: SendIntent): MessageEntry {
  return {
    id: intent.id,
    userId: intent.userId,
    idempotencyKey: intent.idempotencyKey,
    journey: intent.journey?.key ?? null,
    journeyVersion: intent.journey?.version ?? null,
    runId: intent.journey?.runId ?? null,
    step: intent.journey?.step ?? null,
    channel: intent.channel,
    template: intent.template,
    category: intent.category,
    status: intent.status,
    reason: intent.reason,
    content: intent.content,
    createdAt: intent.createdAt.toISOString(),
    sentAt: intent.sentAt?.toISOString() ?? null,
    deferredUntil: intent.deferredUntil?.toISOString() ?? null,
    test: isTestIntent(intent),
  };
}

/** The delivery log: one entry per send intent of the workspace, newest first. */
@Injectable()
export class ListMessagesUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute({ workspaceId, filter }: ListMessagesCommand): Promise<{ messages: MessageEntry[] }> {
    const intents = await new IntentRepository(this.dataSource.manager).log(workspaceId, filter);
    return { messages: intents.map(toEntry) };
  }
}
