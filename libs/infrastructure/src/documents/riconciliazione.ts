import { Injectable, Logger } from '@nestjs/common';
import { ObjectStorage } from '../storage/object-storage';
import { DocumentiRepository } from './documenti.repository';

export interface EsitoRiconciliazione {
  versioniEsaminate: number;
  orfaniRimossi: number;
  caricamentiAnnullati: number;
}

/**
 * Makes the bucket agree with the documents' table: every object version older than `etaMinimaMs` whose key no row
 * names (an upload whose API died before writing its row, a failed clean-up) is deleted by version, so its bytes go;
 * multipart uploads begun that long ago and never completed are aborted. Younger ones are left alone: an upload may be
 * between its object and its row. Idempotent; each run is recorded for /metrics.
 */
@Injectable()
export class RiconciliazioneDocumenti {
  private readonly log = new Logger(RiconciliazioneDocumenti.name);
  constructor(
    private readonly repo: DocumentiRepository,
    private readonly storage: ObjectStorage,
  ) {}

  async esegui(etaMinimaMs: number, ora = new Date()): Promise<EsitoRiconciliazione> {
    const limite = ora.getTime() - etaMinimaMs;
    const esito: EsitoRiconciliazione = { versioniEsaminate: 0, orfaniRimossi: 0, caricamentiAnnullati: 0 };
    let lotto: Array<{ key: string; versionId?: string; lastModified?: Date }> = [];
    const chiudiLotto = async () => {
      const chiavi = [...new Set(lotto.map((v) => v.key))];
      const note = await this.repo.chiaviNote(chiavi);
      for (const v of lotto) {
        if (note.has(v.key) || !v.lastModified || v.lastModified.getTime() > limite) continue;
        await this.storage.rimuoviVersione(v.key, v.versionId);
        esito.orfaniRimossi++;
        this.log.warn(`removed ${v.key} (version ${v.versionId ?? '-'}): no document row names it`);
      }
      lotto = [];
    };
    for await (const v of this.storage.tutteLeVersioni()) {
      esito.versioniEsaminate++;
      lotto.push(v);
      if (lotto.length >= 500) await chiudiLotto();
    }
    if (lotto.length) await chiudiLotto();
    for (const u of await this.storage.caricamentiIncompleti()) {
      if (u.iniziato.getTime() > limite) continue;
      await this.storage.annullaCaricamento(u.key, u.uploadId);
      esito.caricamentiAnnullati++;
    }
    await this.repo.registraRiconciliazione(esito);
    return esito;
  }
}
