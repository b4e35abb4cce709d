import type { Context } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';

/** How often a running activity tells Temporal it is alive; the workflows' heartbeat timeout is a few times this. */
export const BATTITO_MS = 5_000;

/**
 * Every activity heartbeats while it runs, whatever it does, so the heartbeat timeout the workflows set (20 s) applies
 * to all of them: an activity lost with a crashed worker is retried within seconds instead of after its whole
 * start-to-close timeout (up to 2 minutes). The SDK throttles what reaches the server.
 */
export class BattitoAutomatico implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly ctx: Pick<Context, 'heartbeat'>,
    private readonly ogniMs = BATTITO_MS,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const battito = setInterval(() => this.ctx.heartbeat(), this.ogniMs);
    try {
      return await next(input);
    } finally {
      clearInterval(battito);
    }
  }
}

/** A local activity has no heartbeat (Temporal watches the workflow task it runs in): it gets no interceptor. */
export const battitoAutomatico: ActivityInterceptorsFactory = (ctx) => (ctx.info.isLocal ? {} : { inbound: new BattitoAutomatico(ctx) });
