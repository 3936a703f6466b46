/**
 * Coupon pools in virtual time, as journeys issues codes: a run keeps the
 * code it holds; otherwise a list pool gives its next free code (in code
 * order) and a generated pool derives one from the run (`generatedCode`),
 * trying another attempt when another run holds it. No code (no pool, or an
 * exhausted list) means the send is not requested (`coupon_unavailable`).
 */
import { GENERATE_ATTEMPTS, generatedCode, type CouponPoolUpload } from '@cairn/journeys-domain';

export class CouponsSim {
  private readonly held = new Map<string, string>();
  private readonly taken = new Map<string, Set<string>>();
  private readonly free = new Map<string, string[]>();

  constructor(
    private readonly pools: ReadonlyMap<string, CouponPoolUpload>,
    private readonly workspaceId: string,
  ) {
    for (const [key, upload] of pools) if (upload.pool.mode === 'list') this.free.set(key, [...new Set(upload.codes)].sort());
  }

  /** The run's code from the pool, or undefined when there is none to give. */
  issue(poolKey: string, runId: string): string | undefined {
    const held = this.held.get(runId);
    if (held !== undefined) return held;
    const upload = this.pools.get(poolKey);
    if (!upload) return undefined;
    const taken = this.taken.get(poolKey) ?? new Set<string>();
    this.taken.set(poolKey, taken);
    if (upload.pool.mode === 'list') {
      const code = this.free.get(poolKey)?.shift();
      return code === undefined ? undefined : this.assign(runId, taken, code);
    }
    for (let attempt = 0; attempt < GENERATE_ATTEMPTS; attempt++) {
      const code = generatedCode(upload.pool, this.workspaceId, runId, attempt);
      if (!taken.has(code)) return this.assign(runId, taken, code);
    }
    return undefined;
  }

  private assign(runId: string, taken: Set<string>, code: string): string {
    taken.add(code);
    this.held.set(runId, code);
    return code;
  }
}
