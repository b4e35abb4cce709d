import { Injectable } from '@nestjs/common';
import { AppConfig } from '../libs/infrastructure/src/config/app-config';
import { EsitoRiconciliazione, RiconciliazioneDocumenti } from '../libs/infrastructure/src/documents/riconciliazione';

/** The documents' reconciliation, run by its schedule. Idempotent: a second run finds nothing left to remove. */
@Injectable()
export class DocumentiActivities {
  constructor(
    private readonly riconciliazione: RiconciliazioneDocumenti,
    private readonly config: AppConfig,
  ) {}

  async riconciliaDocumenti(): Promise<EsitoRiconciliazione> {
    return this.riconciliazione.esegui(this.config.RICONCILIAZIONE_ETA_MINIMA_MS);
  }
}
