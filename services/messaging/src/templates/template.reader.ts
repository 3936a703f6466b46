import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TtlCache } from '../shared/ttl-cache';
import { StoredTemplate, TemplateRepository } from './template.repository';

/** How long sends may use templates read before (a write on this replica applies at once, on another within this). */
export const TEMPLATE_TTL_MS = 1_000;

/**
 * The templates sends render, each workspace's read at most once per
 * TEMPLATE_TTL_MS. A write through this replica's API drops the workspace's
 * (`changed`), so it applies to the next batch at once; a write through
 * another replica applies within TEMPLATE_TTL_MS. The API reads the
 * repository, never this.
 */
@Injectable()
export class TemplateReader {
  private readonly cache = new TtlCache<Map<string, StoredTemplate[]>>(TEMPLATE_TTL_MS);

  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Every variant of these templates, by key (`variantsOf`, kept for TEMPLATE_TTL_MS). */
  async forSending(workspaceId: string, keys: string[]): Promise<Map<string, StoredTemplate[]>> {
    return this.cache.get(`${workspaceId}\u0000${[...keys].sort().join('\u0000')}`, () =>
      new TemplateRepository(this.dataSource.manager).variantsOf(workspaceId, keys),
    );
  }

  /** The workspace's templates were written through this replica: its next read goes to the database. */
  changed(workspaceId: string): void {
    this.cache.invalidate(`${workspaceId}\u0000`);
  }
}
