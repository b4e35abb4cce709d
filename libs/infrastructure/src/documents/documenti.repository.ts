import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DocumentoEntity } from '../persistence/entities';

/** Two uploads of the same kind raced for the same version number: the loser may take the next one. */
export const versioneContesa = (e: unknown): boolean =>
  (e as { code?: string }).code === '23505' && String((e as Error).message).includes('uq_documenti_versione');

/** The documents' rows (`documenti`) and the record of the bucket's reconciliations (`riconciliazioni_documenti`). */
@Injectable()
export class DocumentiRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` in one transaction: what the methods given its manager write commits together or not at all. */
  transazione<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  trova(id: string, m: EntityManager = this.db.manager): Promise<DocumentoEntity | null> {
    return m.getRepository(DocumentoEntity).findOneBy({ id });
  }

  /** An owner's documents, by kind and version. */
  elenco(owner: { procedura: string; entitaId: string }): Promise<DocumentoEntity[]> {
    return this.db.getRepository(DocumentoEntity).find({
      where: { procedura: owner.procedura, entitaId: owner.entitaId },
      order: { tipo: 'ASC', versione: 'ASC' },
    });
  }

  /**
   * Inserts the document's row inside `m`'s transaction as the next version of its owner's documents of that kind.
   * A concurrent upload of the same kind may take the number first: the insert then fails (`versioneContesa`).
   */
  async inserisci(m: EntityManager, documento: Omit<DocumentoEntity, 'versione'>): Promise<DocumentoEntity> {
    const [{ next }] = await m.query('SELECT COALESCE(MAX(versione), 0) + 1 AS next FROM documenti WHERE procedura = $1 AND entita_id = $2 AND tipo = $3', [
      documento.procedura,
      documento.entitaId,
      documento.tipo,
    ]);
    const entity = m.getRepository(DocumentoEntity).create({ ...documento, versione: Number(next) });
    await m.insert(DocumentoEntity, entity);
    return entity;
  }

  /** Which of these storage keys a document's row names. */
  async chiaviNote(chiavi: string[]): Promise<Set<string>> {
    const rows: Array<{ storage_key: string }> = await this.db.query('SELECT storage_key FROM documenti WHERE storage_key = ANY($1)', [chiavi]);
    return new Set(rows.map((r) => r.storage_key));
  }

  async registraRiconciliazione(esito: { versioniEsaminate: number; orfaniRimossi: number; caricamentiAnnullati: number }): Promise<void> {
    await this.db.query('INSERT INTO riconciliazioni_documenti (versioni_esaminate, orfani_rimossi, caricamenti_annullati) VALUES ($1, $2, $3)', [
      esito.versioniEsaminate,
      esito.orfaniRimossi,
      esito.caricamentiAnnullati,
    ]);
  }
}
