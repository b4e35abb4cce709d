import { Injectable } from '@nestjs/common';
import type { Actor } from '@app/domain';
import { calcolaGraduatoria, hashGraduatoria } from '@app/domain/collocamento/graduatoria';
import { regoleGraduatoriaPerData, regoleGraduatoriaPerVersione } from '@app/domain/collocamento/graduatoria.regole';
import { canonicalJson, IscrittiRepository, OfferteRepository } from '@app/infrastructure';
import { ProblemException, notFound } from '../common/problem';
import { CollocamentoService, isStaff } from './collocamento.service';

/**
 * An offer's graduatoria as the CPI reads it: the stored one, a live preview while the window is open, its inputs for
 * a third party, and its verification by recomputation. Publishing it is a step of the offer (CollocamentoService).
 */
@Injectable()
export class GraduatoriaService {
  constructor(
    private readonly repo: OfferteRepository,
    private readonly iscrittiRepo: IscrittiRepository,
    private readonly offerte: CollocamentoService,
  ) {}

  /** The full graduatoria with each candidate's points by criterion and tie-break chain (CPI staff), a page at a time. */
  async graduatoria(id: string, actor: Actor, limit = 100, offset = 0) {
    const o = await this.offerte.trova(id, actor);
    if (!isStaff(actor)) throw notFound(`graduatoria dell’offerta ${id}`);
    const g = await this.repo.graduatoria(o.id, { risultato: true });
    if (!g) throw new ProblemException(409, 'stato-non-ammesso', 'Graduatoria non ancora calcolata', 'la graduatoria si calcola alla chiusura delle adesioni');
    const state = o.statoProcedura;
    return {
      hash: g.hash,
      versioneRegole: g.versioneRegole,
      pubblicata: !!state.graduatoria,
      formula: g.risultato.formula,
      dataRiferimento: g.dataRiferimento,
      totali: { idonei: g.risultato.idonei.length, esclusi: g.risultato.esclusi.length },
      idonei: g.risultato.idonei.slice(offset, offset + limit),
      esclusi: g.risultato.esclusi.slice(offset, offset + limit),
    };
  }

  /**
   * The ranking as it would be now, computed live from the current applications and the registry (nothing is
   * stored): for operators while the window is open. The same computation the close runs, with the pack in force today.
   */
  async anteprima(id: string, actor: Actor, limit = 100, offset = 0) {
    const o = await this.offerte.trova(id, actor);
    if (!isStaff(actor)) throw notFound(`graduatoria dell’offerta ${id}`);
    const oggi = new Date().toISOString().slice(0, 10);
    const regole = regoleGraduatoriaPerData(o.regione, oggi);
    if (!regole)
      throw new ProblemException(
        409,
        'regole-mancanti',
        'Regole di graduatoria mancanti',
        `nessun pacchetto di regole di graduatoria per ${o.regione} al ${oggi}`,
      );
    const candidati = await this.iscrittiRepo.iscrittiAderenti(id);
    const g = calcolaGraduatoria({ offerta: o.offerta, candidati, regole, dataRiferimento: oggi, dataChiusura: oggi });
    return {
      anteprima: true,
      hash: hashGraduatoria(g),
      versioneRegole: regole.versione,
      dataRiferimento: oggi,
      formula: g.formula,
      totali: { candidati: candidati.length, idonei: g.idonei.length, esclusi: g.esclusi.length },
      // Both lists a page at a time (offset pages both), the excluded with the reasons, as in the stored graduatoria.
      idonei: g.idonei.slice(offset, offset + limit),
      esclusi: g.esclusi.slice(offset, offset + limit),
    };
  }

  /**
   * The stored inputs of the graduatoria, for a third party to recompute it: the offer and each applicant's data as
   * ranked, the rule pack itself, the dates and the hash, as canonical JSON (keys sorted, no whitespace). CPI staff,
   * dirigente and amministratore only: the applicants' data include health data.
   */
  async datiGraduatoria(id: string, actor: Actor): Promise<{ nome: string; json: string }> {
    const o = await this.offerte.trova(id, actor);
    if (!isStaff(actor)) throw notFound(`graduatoria dell’offerta ${id}`);
    const g = await this.repo.graduatoria(o.id, { input: true });
    if (!g) throw new ProblemException(409, 'stato-non-ammesso', 'Graduatoria non ancora calcolata', 'la graduatoria si calcola alla chiusura delle adesioni');
    const regole = regoleGraduatoriaPerVersione(g.versioneRegole);
    return {
      nome: `graduatoria-${o.id}-dati.json`,
      json: canonicalJson({
        offertaId: o.id,
        regione: o.regione,
        versioneRegole: g.versioneRegole,
        regole: regole ?? null,
        dataRiferimento: g.dataRiferimento,
        dataChiusura: g.dataChiusura,
        offerta: g.inputOfferta,
        candidati: g.inputCandidati,
        hash: g.hash,
      }),
    };
  }

  /**
   * Recomputes the published graduatoria from its stored inputs (the offer, each applicant's data as ranked, the
   * rule pack of the recorded version) and compares the SHA-256 of its canonical form with the published one.
   */
  async verifica(id: string, actor: Actor) {
    const o = await this.offerte.trova(id, actor);
    const state = o.statoProcedura;
    const g = await this.repo.graduatoria(o.id, { input: true });
    if (!g || !state.graduatoria)
      throw new ProblemException(409, 'stato-non-ammesso', 'Graduatoria non pubblicata', 'si verifica solo una graduatoria pubblicata');
    const regole = regoleGraduatoriaPerVersione(g.versioneRegole);
    if (!regole) return { corrisponde: false, motivo: `regole ${g.versioneRegole} non disponibili`, hashPubblicato: state.graduatoria.hash };
    let ricalcolato: string;
    try {
      ricalcolato = hashGraduatoria(
        calcolaGraduatoria({ offerta: g.inputOfferta, candidati: g.inputCandidati, regole, dataRiferimento: g.dataRiferimento, dataChiusura: g.dataChiusura }),
      );
    } catch (e) {
      return {
        corrisponde: false,
        motivo: `i dati conservati non si possono graduare: ${(e as Error).message}`,
        hashPubblicato: state.graduatoria.hash,
        versioneRegole: g.versioneRegole,
      };
    }
    const corrisponde = ricalcolato === state.graduatoria.hash && g.hash === state.graduatoria.hash;
    return {
      corrisponde,
      hashPubblicato: state.graduatoria.hash,
      hashRicalcolato: ricalcolato,
      versioneRegole: g.versioneRegole,
      candidati: g.inputCandidati.length,
      ...(corrisponde ? {} : { motivo: 'la graduatoria ricalcolata dai dati conservati differisce da quella pubblicata' }),
    };
  }
}
