import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { AppModule } from '../app.module';
import { MetricsController } from '../common/metrics';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';

type Ctor = { new (...args: never[]): unknown; name: string };

/** Every route of every controller the API registers, with whether it is public and which roles it admits. */
function routes() {
  // AppModule's own controllers, plus the metrics controller that PrometheusModule registers for it.
  const controllers = [...((Reflect.getMetadata('controllers', AppModule) ?? []) as Ctor[]), MetricsController as Ctor];
  return controllers.flatMap((c) => {
    const proto = c.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(proto)
      .filter((m) => m !== 'constructor' && typeof proto[m] === 'function' && Reflect.getMetadata(METHOD_METADATA, proto[m] as object) !== undefined)
      .map((m) => {
        const handler = proto[m] as object;
        return {
          route: `${c.name}.${m} ${Reflect.getMetadata(PATH_METADATA, c)}/${Reflect.getMetadata(PATH_METADATA, handler)}`,
          isPublic: Boolean(Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, c)),
          roles: (Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, c) ?? []) as string[],
        };
      });
  });
}

describe('route guards', () => {
  it('finds the API routes', () => {
    expect(routes().length).toBeGreaterThan(10);
  });

  it('gives every route either @Public or at least one role', () => {
    const open = routes().filter((r) => !r.isPublic && r.roles.length === 0).map((r) => r.route);
    expect(open).toEqual([]);
  });

  it('keeps public only the health checks and metrics', () => {
    const pub = routes().filter((r) => r.isPublic).map((r) => r.route.split(' ')[0]).sort();
    expect(pub).toEqual(['HealthController.live', 'HealthController.ready', 'MetricsController.index']);
  });
});
