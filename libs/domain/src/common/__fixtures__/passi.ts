import type { Decision } from '../violation';

/**
 * The run() of a machine's specs: applies timed events in order, each at the instant its string stands for, and fails
 * the test on the first refusal, naming the event and the rules it broke.
 */
export function eseguiPassi<S, E extends { type: string }>(
  decide: (state: S, event: E, now: Date) => Decision<{ state: S }>,
  istante: (quando: string) => Date,
): (s: S, ...passi: Array<[string, E]>) => S {
  return (s, ...passi) => {
    for (const [quando, e] of passi) {
      const d = decide(s, e, istante(quando));
      if (!d.ok) throw new Error(`${e.type} refused: ${d.violations.map((v) => v.rule).join(', ')}`);
      s = d.value.state;
    }
    return s;
  };
}
