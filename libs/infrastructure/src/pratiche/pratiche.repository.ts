import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { PraticaEntity } from '../persistence/entities';

/** The cases of the pratica procedure: their rows, which the procedure's transitions keep up to date. */
@Injectable()
export class PraticheRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `fn` in one transaction: the methods that take an EntityManager join it (with the audit trail). */
  transazione<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async pratica(id: string): Promise<PraticaEntity | null> {
    return this.db.getRepository(PraticaEntity).findOneBy({ id });
  }

  /** The office's case with this protocol number (its business key), if any. */
  async perProtocollo(ufficio: string, protocollo: string): Promise<PraticaEntity | null> {
    return this.db.getRepository(PraticaEntity).findOneBy({ ufficio, protocollo });
  }

  /**
   * Newest first, by (creation time, id), at most `limite`; `dopo` continues after the last case of the previous page.
   * Without `ufficio`, every office's.
   */
  async elenco(filtri: { ufficio?: string; stato?: string; protocollo?: string; dopo?: { il: Date; id: string } }, limite: number): Promise<PraticaEntity[]> {
    const q = this.db.getRepository(PraticaEntity).createQueryBuilder('p');
    if (filtri.ufficio !== undefined) q.andWhere('p.ufficio = :ufficio', { ufficio: filtri.ufficio });
    if (filtri.stato) q.andWhere('p.stato = :stato', { stato: filtri.stato });
    if (filtri.protocollo) q.andWhere('p.protocollo = :protocollo', { protocollo: filtri.protocollo });
    const cursore = filtri.dopo;
    if (cursore) {
      q.andWhere(
        new Brackets((w) => w.where('p.creataIl < :il', { il: cursore.il }).orWhere('p.creataIl = :il AND p.id < :id', { il: cursore.il, id: cursore.id })),
      );
    }
    return q.orderBy('p.creataIl', 'DESC').addOrderBy('p.id', 'DESC').take(limite).getMany();
  }

  /** A new case, open, at version 0. */
  async inserisci(
    m: EntityManager,
    p: Pick<PraticaEntity, 'id' | 'workflowId' | 'ufficio' | 'protocollo' | 'oggetto' | 'creataDa' | 'creataIl'>,
  ): Promise<void> {
    await m.query(
      `INSERT INTO pratiche (id, workflow_id, ufficio, protocollo, oggetto, stato, creata_da, creata_il, aggiornata_il, versione)
       VALUES ($1, $2, $3, $4, $5, 'aperta', $6, $7, $7, 0)`,
      [p.id, p.workflowId, p.ufficio, p.protocollo, p.oggetto, p.creataDa, p.creataIl],
    );
  }

  /** What a transition changed in the case's row; its version goes up by one. */
  async aggiorna(m: EntityManager, id: string, modifiche: Partial<Pick<PraticaEntity, 'stato' | 'aggiornataIl' | 'inviataDa' | 'decisione'>>): Promise<void> {
    await m.getRepository(PraticaEntity).update({ id }, { ...modifiche, versione: () => 'versione + 1' });
  }
}
