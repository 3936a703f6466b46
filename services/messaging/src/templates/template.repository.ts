import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { TemplateDefinition } from '../domain';

export interface StoredTemplate extends TemplateDefinition {
  createdAt: string;
  updatedAt: string;
}

interface TemplateRow {
  key: string;
  channel: TemplateDefinition['channel'];
  category: TemplateDefinition['category'] | null;
  locale: string | null;
  content: TemplateDefinition['content'];
  created_at: Date;
  updated_at: Date;
}

function toTemplate(row: TemplateRow): StoredTemplate {
  const template: StoredTemplate = {
    key: row.key,
    channel: row.channel,
    content: row.content,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
  if (row.category) template.category = row.category;
  if (row.locale) template.locale = row.locale;
  return template;
}

/** Templates of one workspace; every query takes the workspace id. */
@Injectable()
export class TemplateRepository {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  /** Inserts a new template; false when the key is taken. */
  async insert(workspaceId: string, t: TemplateDefinition, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.platform.dataSource.query(
      `INSERT INTO messaging.templates (workspace_id, key, channel, category, locale, content, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT DO NOTHING RETURNING key`,
      [workspaceId, t.key, t.channel, t.category ?? null, t.locale ?? null, JSON.stringify(t.content), now],
    );
    return rows.length === 1;
  }

  /** Replaces an existing template; false when there is none. */
  async update(workspaceId: string, t: TemplateDefinition, now: Date): Promise<boolean> {
    const [, count]: [unknown, number] = await this.platform.dataSource.query(
      `UPDATE messaging.templates SET channel = $3, category = $4, locale = $5, content = $6, updated_at = $7
       WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, t.key, t.channel, t.category ?? null, t.locale ?? null, JSON.stringify(t.content), now],
    );
    return count === 1;
  }

  async find(workspaceId: string, key: string): Promise<StoredTemplate | undefined> {
    const rows: TemplateRow[] = await this.platform.dataSource.query(
      `SELECT * FROM messaging.templates WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, key],
    );
    return rows[0] ? toTemplate(rows[0]) : undefined;
  }

  async list(workspaceId: string): Promise<StoredTemplate[]> {
    const rows: TemplateRow[] = await this.platform.dataSource.query(
      `SELECT * FROM messaging.templates WHERE workspace_id = $1 ORDER BY key LIMIT 1000`,
      [workspaceId],
    );
    return rows.map(toTemplate);
  }

  async remove(workspaceId: string, key: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.platform.dataSource.query(
      `DELETE FROM messaging.templates WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, key],
    );
    return count === 1;
  }
}
