import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Scadenza } from '../../libs/domain/src/cronoprogramma/scadenze';

/** The plan's dates, phases or completion changed: drop the current timer and plan again. */
export const pianoModificatoSignal = defineSignal('pianoModificato');

/** The deadline the workflow is waiting for (null when none). */
export const prossimaScadenzaQuery = defineQuery<Scadenza | null>('prossimaScadenza');
