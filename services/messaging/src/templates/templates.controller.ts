import { WorkspaceConfig } from '@cairn/config';
import { Conflict, NotFound, ValidationFailed } from '@cairn/core';
import { AdminAuth, CurrentWorkspace, Platform, PLATFORM } from '@cairn/runtime';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { validateTemplate } from '../domain';
import { CheckTemplateBudget } from './check-template-budget';
import { KEYS_QUERY, parseKeys } from './keys-query';
import { PreviewResult, PreviewTemplateUseCase } from './preview-template.usecase';
import { TemplateReader } from './template.reader';
import { StoredTemplate, TemplateRepository } from './template.repository';

const LOCALE_QUERY = {
  name: 'locale',
  required: false,
  description: 'the locale variant (e.g. "en"); without it, the variant without a locale, else the oldest',
};

const EXAMPLE = {
  key: 'cart-reminder',
  channel: 'kakao',
  category: 'promotional',
  content: { text: '{{ user.name }}님, 장바구니에 담긴 {{ entry.properties.name }} 잊지 않으셨죠?' },
};

@ApiTags('templates')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/templates')
export class TemplatesController {
  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly preview: PreviewTemplateUseCase,
    private readonly budget: CheckTemplateBudget,
    private readonly reader: TemplateReader,
  ) {}

  /** The API reads and writes the database directly (never the readers' kept values). */
  private get templates(): TemplateRepository {
    return new TemplateRepository(this.platform.dataSource.manager);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a template (Liquid, rendered strictly: unknown variables are errors unless tested in `if` or given a `default`)',
    description: 'A key may have one variant per `locale` and one without; a send renders the variant for the user\'s `locale` trait. '
      + 'A template that overruns the render budget (1 s for all its fields) even without user data is refused: 400 TEMPLATE_BUDGET_EXCEEDED.',
  })
  @ApiBody({ schema: { type: 'object', example: EXAMPLE } })
  async create(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: Record<string, unknown>): Promise<StoredTemplate> {
    const template = validateTemplate(body);
    await this.budget.check(template);
    const inserted = await this.templates.insert(ws.id, template, this.platform.clock.now());
    this.reader.changed(ws.id);
    if (!inserted) {
      const variant = template.locale ? ` with locale ${JSON.stringify(template.locale)}` : '';
      throw new Conflict('TEMPLATE_EXISTS', `template ${JSON.stringify(template.key)}${variant} already exists`);
    }
    return (await this.templates.find(ws.id, template.key, template.locale))!;
  }

  @Get()
  @ApiOperation({ summary: 'List templates (every locale variant; the first 1,000 without `keys`)' })
  @ApiQuery(KEYS_QUERY('templates'))
  async list(@CurrentWorkspace() ws: WorkspaceConfig, @Query('keys') keys?: string): Promise<{ templates: StoredTemplate[] }> {
    return { templates: await this.templates.list(ws.id, parseKeys(keys)) };
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get one template (one locale variant)' })
  @ApiQuery(LOCALE_QUERY)
  async get(@CurrentWorkspace() ws: WorkspaceConfig, @Param('key') key: string, @Query('locale') locale?: string): Promise<StoredTemplate> {
    const template = await this.templates.find(ws.id, key, locale);
    if (!template) throw new NotFound('template', key);
    return template;
  }

  @Put(':key')
  @ApiOperation({ summary: 'Replace a template (one locale variant)' })
  @ApiQuery(LOCALE_QUERY)
  @ApiBody({ schema: { type: 'object', example: EXAMPLE } })
  async replace(
    @CurrentWorkspace() ws: WorkspaceConfig,
    @Param('key') key: string,
    @Body() body: Record<string, unknown>,
    @Query('locale') locale?: string,
  ): Promise<StoredTemplate> {
    const template = validateTemplate({ ...body, key: body?.key ?? key });
    if (template.key !== key) throw new ValidationFailed([{ path: 'key', message: 'must match the key in the path' }]);
    await this.budget.check(template);
    const current = await this.templates.find(ws.id, key, locale);
    if (!current) throw new NotFound('template', key);
    const updated = await this.templates.update(ws.id, current.locale, template, this.platform.clock.now());
    this.reader.changed(ws.id);
    if (!updated) throw new NotFound('template', key);
    return (await this.templates.find(ws.id, key, template.locale))!;
  }

  @Delete(':key')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a template (one locale variant)' })
  @ApiQuery(LOCALE_QUERY)
  async remove(@CurrentWorkspace() ws: WorkspaceConfig, @Param('key') key: string, @Query('locale') locale?: string): Promise<void> {
    const current = await this.templates.find(ws.id, key, locale);
    if (!current) throw new NotFound('template', key);
    const removed = await this.templates.remove(ws.id, key, current.locale);
    this.reader.changed(ws.id);
    if (!removed) throw new NotFound('template', key);
  }

  @Post(':key/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Render a template with sample data (the variant for `context.user.locale`, as a send would pick it)' })
  @ApiBody({ schema: { type: 'object', example: { context: { user: { name: '민지' }, entry: { properties: { name: '린넨 셔츠' } } } } } })
  async render(
    @CurrentWorkspace() ws: WorkspaceConfig,
    @Param('key') key: string,
    @Body() body: Record<string, unknown>,
  ): Promise<PreviewResult> {
    return this.preview.execute({ workspace: ws, key, context: body?.context });
  }
}
