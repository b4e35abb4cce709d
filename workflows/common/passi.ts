import type { UpdateDefinition } from '@temporalio/common';
import { defineUpdate } from '@temporalio/workflow';
import type { ConRichiesta } from './procedura';

/** What the Update of step `T` carries: the data of the machine's event of that type, and the id of the request. */
export type DatiPasso<E extends { type: string }, T extends E['type']> = Omit<Extract<E, { type: T }>, 'type'> & ConRichiesta;

/** The Updates that make a machine's steps, by event type. */
export type Passi<S, E extends { type: string }, T extends E['type']> = { readonly [K in T]: UpdateDefinition<S, [DatiPasso<E, K>]> };

/** One Update per event type, each named as its event: the typed face is `passi`'s. */
function definizioni<S, E extends { type: string }, T extends E['type']>(tipi: readonly T[]): Passi<S, E, T>;
function definizioni(tipi: readonly string[]): Record<string, UpdateDefinition<unknown, [unknown]>> {
  return Object.fromEntries(tipi.map((t) => [t, defineUpdate<unknown, [unknown]>(t)]));
}

/**
 * The Updates of the steps a user sends, one per event type the machine decides: each is named on the wire as its
 * event (names running workflows and recorded histories depend on), carries the event's data, and answers with the
 * state once the step is persisted. The workflow registers them all with `Procedura.passi`; the API sends them typed.
 */
export const passi =
  <S, E extends { type: string }>() =>
  <T extends E['type']>(...tipi: readonly T[]): Passi<S, E, T> =>
    definizioni<S, E, T>(tipi);
