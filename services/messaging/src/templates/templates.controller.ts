import { WorkspaceConfig } from '@cairn/config';
import { ValidationFailed } from '@cairn/core';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { validateTemplate } from '@cairn/messaging-domain';
import { CreateTemplateUseCase } from './create-template/create-template.usecase';
import { DeleteTemplateUseCase } from './delete-template/delete-template.usecase';
import { GetTemplateUseCase } from './get-template/get-template.usecase';
import { KEYS_QUERY, parseKeys } from './keys-query';
import { ListTemplatesUseCase } from './list-templates/list-templates.usecase';
import { PreviewResult, PreviewTemplateUseCase } from './preview-template/preview-template.usecase';
import { ReplaceTemplateUseCase } from './replace-template/replace-template.usecase';
import { StoredTemplate } from './template.repository';

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
    private readonly createTemplate: CreateTemplateUseCase,
    private readonly listTemplates: ListTemplatesUseCase,
    private readonly getTemplate: GetTemplateUseCase,
    private readonly replaceTemplate: ReplaceTemplateUseCase,
    private readonly deleteTemplate: DeleteTemplateUseCase,
    private readonly preview: PreviewTemplateUseCase,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a template (Liquid, rendered strictly: unknown variables are errors unless tested in `if` or given a `default`)',
    description:
      "A key may have one variant per `locale` and one without; a send renders the variant for the user's `locale` trait. " +
      'A template that overruns the render budget (1 s for all its fields) even without user data is refused: 400 TEMPLATE_BUDGET_EXCEEDED.',
  })
  @ApiBody({ schema: { type: 'object', example: EXAMPLE } })
  async create(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: Record<string, unknown>): Promise<StoredTemplate> {
    return this.createTemplate.execute({ workspaceId: ws.id, template: validateTemplate(body) });
  }

  @Get()
  @ApiOperation({ summary: 'List templates (every locale variant; the first 1,000 without `keys`)' })
  @ApiQuery(KEYS_QUERY('templates'))
  async list(@CurrentWorkspace() ws: WorkspaceConfig, @Query('keys') keys?: string): Promise<{ templates: StoredTemplate[] }> {
    return this.listTemplates.execute({ workspaceId: ws.id, keys: parseKeys(keys) });
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get one template (one locale variant)' })
  @ApiQuery(LOCALE_QUERY)
  async get(@CurrentWorkspace() ws: WorkspaceConfig, @Param('key') key: string, @Query('locale') locale?: string): Promise<StoredTemplate> {
    return this.getTemplate.execute({ workspaceId: ws.id, key, locale });
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
    return this.replaceTemplate.execute({ workspaceId: ws.id, key, locale, template });
  }

  @Delete(':key')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a template (one locale variant)' })
  @ApiQuery(LOCALE_QUERY)
  async remove(@CurrentWorkspace() ws: WorkspaceConfig, @Param('key') key: string, @Query('locale') locale?: string): Promise<void> {
    await this.deleteTemplate.execute({ workspaceId: ws.id, key, locale });
  }

  @Post(':key/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Render a template with sample data (the variant for `context.user.locale`, as a send would pick it)' })
  @ApiBody({ schema: { type: 'object', example: { context: { user: { name: '민지' }, entry: { properties: { name: '린넨 셔츠' } } } } } })
  async render(@CurrentWorkspace() ws: WorkspaceConfig, @Param('key') key: string, @Body() body: Record<string, unknown>): Promise<PreviewResult> {
    return this.preview.execute({ workspace: ws, key, context: body?.context });
  }
}
