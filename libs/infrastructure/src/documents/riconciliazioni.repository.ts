import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What the documents' reconciliations found, for /metrics. */
export interface RiepilogoRiconciliazioni {
  /** When the last run ended (epoch seconds). */
  ultima: number;
  /** Over all runs. */
  orfaniRimossi: number;
  caricamentiAnnullati: number;
  /** In the last run. */
  versioniEsaminate: number;
}

/** The recorded runs of the documents' reconciliation (table `riconciliazioni_documenti`). */
@Injectable()
export class RiconciliazioniRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The runs so far, summed up; null before the first. */
  async riepilogo(): Promise<RiepilogoRiconciliazioni | null> {
    const [r] = await this.db.query(
      `SELECT extract(epoch FROM max(eseguita_il)) AS ultima, coalesce(sum(orfani_rimossi), 0) AS orfani, coalesce(sum(caricamenti_annullati), 0) AS annullati,
              (SELECT versioni_esaminate FROM riconciliazioni_documenti ORDER BY id DESC LIMIT 1) AS esaminate
         FROM riconciliazioni_documenti`,
    );
    if (r?.ultima == null) return null;
    return { ultima: Number(r.ultima), orfaniRimossi: Number(r.orfani), caricamentiAnnullati: Number(r.annullati), versioniEsaminate: Number(r.esaminate) };
  }
}
