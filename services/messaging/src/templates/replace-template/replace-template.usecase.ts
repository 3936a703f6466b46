import { Clock, CLOCK, NotFound } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CheckTemplateBudget } from '../check-template-budget';
import { TemplateReader } from '../template.reader';
import { StoredTemplate, TemplateRepository } from '../template.repository';
import { ReplaceTemplateCommand } from './replace-template.command';

/**
 * Replaces one variant of a template once the replacement renders within the
 * budget without data; 404 when the variant does not exist, 409
 * TEMPLATE_EXISTS when it would move onto another variant's locale. Sends on
 * this replica use it from the next batch on.
 */
@Injectable()
export class ReplaceTemplateUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly budget: CheckTemplateBudget,
    private readonly reader: TemplateReader,
  ) {}

  async execute({ workspaceId, key, locale, template }: ReplaceTemplateCommand): Promise<StoredTemplate> {
    await this.budget.check(template);
    const templates = new TemplateRepository(this.dataSource.manager);
    const current = await templates.find(workspaceId, key, locale);
    if (!current) throw new NotFound('template', key);
    const updated = await templates.update(workspaceId, current.locale, template, this.clock.now());
    this.reader.changed(workspaceId);
    if (!updated) throw new NotFound('template', key);
    return (await templates.find(workspaceId, key, template.locale))!;
  }
}
