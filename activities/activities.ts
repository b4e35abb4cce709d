/** Turns an injectable activities class instance into the plain function map the Temporal Worker registers. */
export function activitiesOf<T extends object>(instance: T): Record<string, (...args: unknown[]) => Promise<unknown>> {
  const proto = Object.getPrototypeOf(instance) as Record<string, unknown>;
  const out: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of Object.getOwnPropertyNames(proto)) {
    const fn = proto[name];
    if (name !== 'constructor' && typeof fn === 'function') out[name] = (fn as (...a: unknown[]) => Promise<unknown>).bind(instance);
  }
  return out;
}

/**
 * The public methods of an activities class, as a workflow's proxyActivities sees them. Two classes with private
 * members of the same name intersect to `never`, so a workflow calling the activities of several classes intersects
 * these instead.
 */
export type ActivityMethods<T> = Pick<T, keyof T>;
