import type { WorkflowHandle } from '@temporalio/client';
import { SA_PROCEDURA, SA_STATO, SA_UFFICIO } from '../../workflows/search-attributes';

/** The search attributes a workflow has set, as Temporal describes it: procedure, office and state. */
export async function attributiDiRicerca(h: WorkflowHandle): Promise<{ procedura?: string; ufficio?: string; stato?: string }> {
  const sa = (await h.describe()).typedSearchAttributes;
  return { procedura: sa.get(SA_PROCEDURA), ufficio: sa.get(SA_UFFICIO), stato: sa.get(SA_STATO) };
}
