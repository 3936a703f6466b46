import { Clock, CLOCK, Conflict, FieldProblem, NotFound, ValidationFailed } from '@cairn/core';
import { BroadcastDefinition, chooseLocaleVariant, validateBroadcast } from '@cairn/messaging-domain';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SegmentsClient } from '../../audience/segments-client';
import { ChannelCredentials } from '../../channels/channel-credentials';
import { ChannelRepository } from '../../channels/channel.repository';
import { templateFits, templateKindsOf } from '../../sends/recipient';
import { TemplateRepository } from '../../templates/template.repository';
import { BroadcastRepository } from '../broadcast.repository';
import { broadcastView, BroadcastView } from '../broadcast.view';
import { CreateBroadcastCommand } from './create-broadcast.command';

/**
 * Schedules a broadcast: its channel, template and segment must exist (the
 * segment is asked of the segments service) and the template must fit the
 * channel, before anything is stored; 409 BROADCAST_EXISTS for a key taken.
 * The background loop then reads the segment's members at `sendAt` and
 * sends to each once.
 */
@Injectable()
export class CreateBroadcastUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly credentials: ChannelCredentials,
    private readonly segments: SegmentsClient,
  ) {}

  async execute({ workspace, body }: CreateBroadcastCommand): Promise<BroadcastView> {
    const now = this.clock.now();
    const definition = validateBroadcast(body, now);
    await this.checkReferences(workspace.id, definition);
    try {
      await this.segments.members(workspace, definition.segment, null, 1);
    } catch (error) {
      if (error instanceof NotFound) throw new ValidationFailed([{ path: 'segment', message: `unknown segment "${definition.segment}"` }]);
      throw error;
    }
    const stored = await new BroadcastRepository(this.dataSource.manager).insert(workspace.id, { ...definition, sendAt: definition.sendAt ?? now }, now);
    if (!stored) throw new Conflict('BROADCAST_EXISTS', `broadcast ${JSON.stringify(definition.key)} already exists`);
    return broadcastView(stored, { targets: [], messages: [] });
  }

  private async checkReferences(workspaceId: string, definition: BroadcastDefinition): Promise<void> {
    const m = this.dataSource.manager;
    const channel = (await new ChannelRepository(m, this.credentials).findMany(workspaceId, [definition.channel])).get(definition.channel);
    const template = chooseLocaleVariant(await new TemplateRepository(m).variants(workspaceId, definition.template), undefined);
    const problems: FieldProblem[] = [];
    if (!channel) problems.push({ path: 'channel', message: `unknown channel "${definition.channel}"` });
    if (!template) problems.push({ path: 'template', message: `unknown template "${definition.template}"` });
    if (channel && template && !templateFits(channel.type, template.channel)) {
      problems.push({
        path: 'template',
        message: `is a ${template.channel} template; channel "${channel.key}" (${channel.type}) takes ${templateKindsOf(channel.type)}`,
      });
    }
    if (problems.length > 0) throw new ValidationFailed(problems);
  }
}
