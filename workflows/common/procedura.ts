import type { UpdateDefinition } from '@temporalio/common';
import { setHandler, workflowInfo } from '@temporalio/workflow';
import type { Decision, RuleViolation } from '../../libs/domain/src/common/violation';
import { attributiDiRicerca } from './ricerca';
import type { Ricerca } from './ricerca';
import { rifiuto } from './rifiuto';

/**
 * Where a decision is taken. An Update's validator decides with today's rules and runs only when the Update arrives;
 * its handler runs again on every replay, so a procedure whose rules changed decides there with the rules the step was
 * accepted under (a `patched()` call belongs only there).
 */
export type Fase = 'validatore' | 'gestore';

/** What every message that makes a step carries besides its own data: the id of the request that sent it. */
export interface ConRichiesta {
  requestId?: string;
}

export interface OpzioniProcedura<S, E, P extends { state: S }> {
  /** For the search attributes: the procedure's name. */
  procedura: string;
  /** The state the run starts from. */
  iniziale: S;
  /** The pure machine (with the clock the procedure reads, and any check of the workflow's own moment). */
  decidi(state: S, event: E, fase: Fase): Decision<P>;
  /** Persists an accepted step with idempotent activities (keyed by `eventKey`): one at a time, in acceptance order. */
  salva(passo: P, contesto: { event: E; eventKey: string; requestId?: string }): Promise<unknown>;
  /** What must hold before anything is persisted (pratica: its own row registered). */
  pronta?: () => Promise<unknown>;
  /** What the search attributes say of a state. */
  ricerca(state: S): Ricerca;
  /** What a run from before the search attributes' patch did at each change instead (pratica: its state only). */
  ricercaStorica?(state: S): void;
  /** Every run of the workflow type is started with its search attributes (attributiDiRicerca's `allAvvio`). */
  ricercaAllAvvio?: boolean;
}

/**
 * One procedure's workflow around its pure machine: the state, the Updates (validator = the machine's decision, the
 * handler applying it), the persistence of each accepted step one at a time in acceptance order, the refusals, and
 * the search attributes at every change of state. The workflow adds only its own waits (timers, activities that
 * read). Create it at the start of the workflow, before anything is awaited.
 */
export class Procedura<S, E, P extends { state: S }> {
  #state: S;
  #versione = 0;
  #seq = 0;
  // Steps are persisted one at a time, in the order they were accepted.
  #coda: Promise<unknown> = Promise.resolve();
  readonly #ricerca: (r: Ricerca) => void;

  constructor(private readonly o: OpzioniProcedura<S, E, P>) {
    this.#state = o.iniziale;
    this.#ricerca = attributiDiRicerca(o.procedura, o.ricerca(o.iniziale), o.ricercaStorica && (() => o.ricercaStorica!(this.#state)), o.ricercaAllAvvio);
  }

  get state(): S {
    return this.#state;
  }

  /** Grows at every accepted step (and at every `sveglia`): a wait on `versione !== visto` wakes on the next one. */
  get versione(): number {
    return this.#versione;
  }

  /** Wakes the waits on `versione` without a step (a request the workflow acts on itself). */
  sveglia(): void {
    this.#versione++;
  }

  /** The machine's decision on the current state, as a validator takes it. */
  decisione(event: E): Decision<P> {
    return this.o.decidi(this.#state, event, 'validatore');
  }

  /** The violations of a step on the current state (none: it would be accepted now). */
  violazioni(event: E): RuleViolation[] {
    const d = this.decisione(event);
    return d.ok ? [] : d.violations;
  }

  /** The accepted step, or the refusal thrown. */
  controlla(event: E, fase: Fase = 'validatore'): P {
    const d = this.o.decidi(this.#state, event, fase);
    if (!d.ok) throw rifiuto(d.violations);
    return d.value;
  }

  /**
   * Applies a step: decided again (it may have become moot since it was validated), then persisted after the steps
   * accepted before it, `prima` first (what must be recorded before the step, such as a document's row). Resolves
   * with the state once it is persisted.
   */
  async applica(event: E, requestId?: string, prima?: () => Promise<unknown>): Promise<S> {
    const passo = this.controlla(event, 'gestore');
    this.#state = passo.state;
    this.#versione++;
    const eventKey = `${workflowInfo().workflowId}:${workflowInfo().runId}:${++this.#seq}`;
    const salva = () => this.o.salva(passo, { event, eventKey, requestId });
    const { pronta } = this.o;
    await this.inSerie(
      pronta || prima
        ? async () => {
            if (pronta) await pronta();
            if (prima) await prima();
            return salva();
          }
        : salva,
    );
    this.#ricerca(this.o.ricerca(this.#state));
    return this.#state;
  }

  /** Runs `fn` after everything queued before it (a failure does not stop the queue). */
  inSerie<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#coda.then(fn);
    this.#coda = run.catch(() => undefined);
    return run;
  }

  /** Settles once every step accepted so far is persisted. */
  persistito(): Promise<unknown> {
    return this.#coda;
  }

  /**
   * An Update that makes a step of the machine: its validator refuses what the machine refuses, with every rule; its
   * handler applies the step and answers with the state once it is persisted.
   */
  passo<A extends ConRichiesta>(def: UpdateDefinition<S, [A]>, evento: (a: A) => E): void {
    this.aggiornamento(
      def,
      (a) => this.applica(evento(a), a.requestId),
      (a) => this.violazioni(evento(a)),
    );
  }

  /**
   * The Updates of `passi` (see passi.ts), each a step whose event is the Update's data under its name: what `passo`
   * does for one Update with a mapping of its own.
   */
  passi(passi: Record<string, UpdateDefinition<S, [ConRichiesta]>>): void {
    for (const [type, def] of Object.entries(passi)) {
      this.passo(def, ({ requestId: _requestId, ...dati }) => ({ ...dati, type }) as E);
    }
  }

  /** An Update whose handler is the workflow's own; `valida` lists what refuses it (the validator). */
  aggiornamento<R, A>(def: UpdateDefinition<R, [A]>, gestore: (a: A) => R | Promise<R>, valida: (a: A) => RuleViolation[]): void {
    setHandler(def, gestore, {
      validator: (a: A) => {
        const v = valida(a);
        if (v.length) throw rifiuto(v);
      },
    });
  }
}
