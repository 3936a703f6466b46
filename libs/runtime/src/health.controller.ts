import { metricsRegistry } from '@cairn/observability';
import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean> | boolean;
}

export class Health {
  shuttingDown = false;
  constructor(
    readonly checks: ReadinessCheck[],
    /** When the service consumes: whether it paused its consumer on purpose (shown, does not affect readiness). */
    readonly consumerPaused?: () => boolean,
  ) {}
}

export const HEALTH = Symbol('CAIRN_HEALTH');

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(@Inject(HEALTH) private readonly health: Health) {}

  /** The process is up and its event loop answers. */
  @Get('health/live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready only when the database answers and the consumer (if any) joined its
   * group. A consumer the service paused on purpose (e.g. a provider's circuit
   * breaker is open) stays ready and shows `consumer: "paused"`.
   */
  @Get('health/ready')
  async ready(@Res() response: Response): Promise<void> {
    const results = await Promise.all(this.health.checks.map(async (c) => ({ name: c.name, ok: await Promise.resolve(c.check()).catch(() => false) })));
    const ok = !this.health.shuttingDown && results.every((r) => r.ok);
    response.status(ok ? 200 : 503).json({
      status: ok ? 'ready' : 'not-ready',
      shuttingDown: this.health.shuttingDown,
      checks: Object.fromEntries(results.map((r) => [r.name, r.ok ? 'ok' : 'failing'])),
      ...(this.health.consumerPaused ? { consumer: this.health.consumerPaused() ? 'paused' : 'running' } : {}),
    });
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
