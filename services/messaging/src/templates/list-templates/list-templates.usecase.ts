import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { StoredTemplate, TemplateRepository } from '../template.repository';
import { ListTemplatesCommand } from './list-templates.command';

/** The workspace's templates, every locale variant, in key order (the first 1,000, or those of the given keys). */
@Injectable()
export class ListTemplatesUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute({ workspaceId, keys }: ListTemplatesCommand): Promise<{ templates: StoredTemplate[] }> {
    return { templates: await new TemplateRepository(this.dataSource.manager).list(workspaceId, keys) };
  }
}
