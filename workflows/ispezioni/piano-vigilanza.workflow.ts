import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, proxyActivities, sleep, startChild } from '@temporalio/workflow';
import type { IspezioniActivities } from '../../activities/ispezioni.activities';
import { ispezioneWorkflow } from './ispezione.workflow';
import { ispezioneWorkflowId } from './ispezione.types';

const acts = proxyActivities<IspezioniActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export interface PianoVigilanzaInput {
  pianoId: string;
  ispettorato: string;
}

/**
 * An ex-officio plan: on each entry's date its intervention request is registered and its inspection starts (a child
 * workflow that outlives the plan). Entries are taken soonest first; the request id is the entry's, so a retry or a
 * replay registers and starts nothing twice.
 */
export async function pianoVigilanzaWorkflow(input: PianoVigilanzaInput): Promise<number> {
  let generate = 0;
  for (;;) {
    const next = await acts.prossimaVoceVigilanza({ pianoId: input.pianoId });
    if (!next) return generate;
    const wait = Date.parse(next.data) - Date.now();
    if (wait > 0) await sleep(wait);
    const { richiestaId } = await acts.generaRichiestaVigilanza({ pianoId: input.pianoId, voceId: next.id });
    try {
      await startChild(ispezioneWorkflow, {
        workflowId: ispezioneWorkflowId(input.ispettorato, richiestaId),
        args: [{ richiestaId, ispettorato: input.ispettorato }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    }
    await acts.collegaVoceVigilanza({ voceId: next.id, richiestaId });
    generate++;
  }
}
