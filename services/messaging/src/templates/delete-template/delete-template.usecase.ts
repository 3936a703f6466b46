import { NotFound } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TemplateReader } from '../template.reader';
import { TemplateRepository } from '../template.repository';
import { DeleteTemplateCommand } from './delete-template.command';

/** Deletes one variant of a template; 404 when there is none. Sends on this replica miss it from the next batch on. */
@Injectable()
export class DeleteTemplateUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly reader: TemplateReader,
  ) {}

  async execute({ workspaceId, key, locale }: DeleteTemplateCommand): Promise<void> {
    const templates = new TemplateRepository(this.dataSource.manager);
    const current = await templates.find(workspaceId, key, locale);
    if (!current) throw new NotFound('template', key);
    const removed = await templates.remove(workspaceId, key, current.locale);
    this.reader.changed(workspaceId);
    if (!removed) throw new NotFound('template', key);
  }
}
