import { Conflict } from '@cairn/core';
import { EntityManager } from 'typeorm';
import { TemplateDefinition } from '@cairn/messaging-domain';

const UNIQUE_VIOLATION = '23505';
/** Rows of the variant whose locale is $8 (null: the variant without a locale). */
const SAME_LOCALE = `COALESCE(lower(locale), '') = COALESCE(lower($8::text), '')`;

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

/** Templates of one workspace (one variant per key and locale); every query takes the workspace id. */
export class TemplateRepository {
  constructor(private readonly m: EntityManager) {}

  /** Inserts a new template (or locale variant); false when the key already has a variant of that locale. */
  async insert(workspaceId: string, t: TemplateDefinition, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.m.query(
      `INSERT INTO messaging.templates (workspace_id, key, channel, category, locale, content, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT DO NOTHING RETURNING key`,
      [workspaceId, t.key, t.channel, t.category ?? null, t.locale ?? null, JSON.stringify(t.content), now],
    );
    return rows.length === 1;
  }

  /**
   * Replaces the variant of `t.key` whose locale is `current` (undefined: the
   * one without); false when there is none. Moving it onto another variant's
   * locale is a conflict.
   */
  async update(workspaceId: string, current: string | undefined, t: TemplateDefinition, now: Date): Promise<boolean> {
    try {
      const [, count]: [unknown, number] = await this.m.query(
        `UPDATE messaging.templates SET channel = $3, category = $4, locale = $5, content = $6, updated_at = $7
         WHERE workspace_id = $1 AND key = $2 AND ${SAME_LOCALE}`,
        [workspaceId, t.key, t.channel, t.category ?? null, t.locale ?? null, JSON.stringify(t.content), now, current ?? null],
      );
      return count === 1;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new Conflict('TEMPLATE_EXISTS', `template ${JSON.stringify(t.key)} already has a ${JSON.stringify(t.locale)} variant`);
      }
      throw error;
    }
  }

  /**
   * One variant of a template: with `locale`, the variant of that locale (case
   * aside); without, the variant without a locale, else the oldest.
   */
  async find(workspaceId: string, key: string, locale?: string): Promise<StoredTemplate | undefined> {
    const rows: TemplateRow[] = await this.m.query(
      `SELECT * FROM messaging.templates WHERE workspace_id = $1 AND key = $2 AND ($3::text IS NULL OR lower(locale) = lower($3))
       ORDER BY locale IS NULL DESC, created_at, locale LIMIT 1`,
      [workspaceId, key, locale ?? null],
    );
    return rows[0] ? toTemplate(rows[0]) : undefined;
  }

  /** Every locale variant of a template, oldest first. */
  async variants(workspaceId: string, key: string): Promise<StoredTemplate[]> {
    const rows: TemplateRow[] = await this.m.query(
      `SELECT * FROM messaging.templates WHERE workspace_id = $1 AND key = $2 ORDER BY created_at, locale LIMIT 100`,
      [workspaceId, key],
    );
    return rows.map(toTemplate);
  }

  /** Every locale variant of each of these templates, oldest first, by key (a key without a template is absent). */
  async variantsOf(workspaceId: string, keys: string[]): Promise<Map<string, StoredTemplate[]>> {
    const rows: TemplateRow[] = await this.m.query(
      `SELECT * FROM messaging.templates WHERE workspace_id = $1 AND key = ANY($2::text[]) ORDER BY key, created_at, locale`,
      [workspaceId, keys],
    );
    const byKey = new Map<string, StoredTemplate[]>();
    for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), toTemplate(row)]);
    return byKey;
  }

  /** The first 1,000 variants in key order, or the variants of the given keys. */
  async list(workspaceId: string, keys?: string[]): Promise<StoredTemplate[]> {
    const rows: TemplateRow[] = await this.m.query(
      keys
        ? `SELECT * FROM messaging.templates WHERE workspace_id = $1 AND key = ANY($2::text[]) ORDER BY key, locale NULLS FIRST`
        : `SELECT * FROM messaging.templates WHERE workspace_id = $1 ORDER BY key, locale NULLS FIRST LIMIT 1000`,
      keys ? [workspaceId, keys] : [workspaceId],
    );
    return rows.map(toTemplate);
  }

  /** Deletes the variant whose locale is `locale` (undefined: the one without). */
  async remove(workspaceId: string, key: string, locale: string | undefined): Promise<boolean> {
    const [, count]: [unknown, number] = await this.m.query(
      `DELETE FROM messaging.templates WHERE workspace_id = $1 AND key = $2 AND ${SAME_LOCALE.replace('$8', '$3')}`,
      [workspaceId, key, locale ?? null],
    );
    return count === 1;
  }
}
