import { NotFound } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { StoredTemplate, TemplateRepository } from '../template.repository';
import { GetTemplateCommand } from './get-template.command';

/** One variant of a template; 404 when there is none. */
@Injectable()
export class GetTemplateUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute({ workspaceId, key, locale }: GetTemplateCommand): Promise<StoredTemplate> {
    const template = await new TemplateRepository(this.dataSource.manager).find(workspaceId, key, locale);
    if (!template) throw new NotFound('template', key);
    return template;
  }
}
