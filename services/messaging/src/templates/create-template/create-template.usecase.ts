import { Clock, CLOCK, Conflict } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CheckTemplateBudget } from '../check-template-budget';
import { TemplateReader } from '../template.reader';
import { StoredTemplate, TemplateRepository } from '../template.repository';
import { CreateTemplateCommand } from './create-template.command';

/**
 * Stores a new template or locale variant once it renders within the budget
 * without data (400 TEMPLATE_BUDGET_EXCEEDED otherwise); 409 TEMPLATE_EXISTS
 * when the key already has a variant of that locale. Sends on this replica
 * use it from the next batch on.
 */
@Injectable()
export class CreateTemplateUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly budget: CheckTemplateBudget,
    private readonly reader: TemplateReader,
  ) {}

  async execute({ workspaceId, template }: CreateTemplateCommand): Promise<StoredTemplate> {
    await this.budget.check(template);
    const templates = new TemplateRepository(this.dataSource.manager);
    const inserted = await templates.insert(workspaceId, template, this.clock.now());
    this.reader.changed(workspaceId);
    if (!inserted) {
      const variant = template.locale ? ` with locale ${JSON.stringify(template.locale)}` : '';
      throw new Conflict('TEMPLATE_EXISTS', `template ${JSON.stringify(template.key)}${variant} already exists`);
    }
    return (await templates.find(workspaceId, template.key, template.locale))!;
  }
}
