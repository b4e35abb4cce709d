import type { Schemi } from '@app/client';
import { fineDopoMesi } from '../../libs/domain/src/tirocini/controlli';
import { lettere, partitaIva, persona as personaCasuale } from './identificativi';
import { dati, Stack } from './stack';

/**
 * The registry a traineeship refers to, registered through the API by an operatore of `cpi`: a promoter, a host with
 * one site, a tutor each, a convenzione; trainees; a project over them. Shared by the tirocini suites.
 */
export interface RegistroTirocini {
  stack: Stack;
  cpi: string;
  /** An operatore's token of `cpi`. */
  operatore: string;
}

/** Addresses as the registry takes them (CAP, ISTAT code of the comune, sigla of the provincia). */
export const FIRENZE = { indirizzo: 'Via dei Servi 1', cap: '50122', comune: 'Firenze', codiceIstat: '048017', provincia: 'FI' };
export const PRATO = { indirizzo: 'Via Roma 10', cap: '59100', comune: 'Prato', codiceIstat: '100005', provincia: 'PO' };

export interface Parti {
  promotoreId: string;
  ospitanteId: string;
  sedeId: string;
  tutorOspitanteId: string;
  tutorPromotoreId: string;
  convenzioneId: string;
  /** A user of the host, acting for it (the token's soggetto is the host's codice fiscale). */
  ospitante: string;
  /** The host's codice fiscale. */
  cfOspitante: string;
  /** A user of the promoter, acting for it. */
  promotore: string;
}

export const persona = () => personaCasuale({ annoDa: 1990, anni: 15 });

/** A promoter, a host with one site of `dipendenti` permanent employees in `regione`, a tutor each, a convenzione. */
export async function parti(r: RegistroTirocini, dipendenti = 30, regione: Schemi['SoggettoDto']['regione'] = 'toscana'): Promise<Parti> {
  const api = r.stack.client(r.operatore);
  const registra = async (body: Schemi['SoggettoDto']) => dati(await api.POST('/api/v1/soggetti-tirocinio', { body }));
  const cfPromotore = partitaIva();
  const promotore = await registra({
    ruolo: 'promotore',
    denominazione: `Agenzia formativa ${lettere(5)}`,
    codiceFiscale: cfPromotore,
    regione,
    tipologia: 'ente accreditato',
    sedeLegale: FIRENZE,
    sedi: [{ denominazione: 'Sede', ...FIRENZE, regione, cpi: r.cpi, dipendentiIndeterminato: 5 }],
  });
  const cfOspitante = partitaIva();
  const osp = await registra({
    ruolo: 'ospitante',
    denominazione: `Tessitura ${lettere(5)} S.r.l.`,
    codiceFiscale: cfOspitante,
    regione,
    sedeLegale: PRATO,
    sedi: [{ denominazione: 'Stabilimento', ...PRATO, regione, cpi: r.cpi, dipendentiIndeterminato: dipendenti }],
  });
  const tutor = async (soggettoId: string) => {
    const { codiceFiscale, nome, cognome } = persona();
    return dati(await api.POST('/api/v1/tutor', { body: { soggettoId, codiceFiscale, nome, cognome } })).id;
  };
  const conv = dati(
    await api.POST('/api/v1/convenzioni', {
      body: { promotoreId: promotore.id, ospitanteId: osp.id, validaDal: '2026-01-01', validaAl: '2030-12-31' },
    }),
  );
  return {
    promotoreId: promotore.id,
    ospitanteId: osp.id,
    sedeId: osp.sedi[0].id,
    tutorOspitanteId: await tutor(osp.id),
    tutorPromotoreId: await tutor(promotore.id),
    convenzioneId: conv.id,
    ospitante: await r.stack.idp.token('osp.tessitura', ['ospitante'], r.cpi, { soggetto: cfOspitante }),
    cfOspitante,
    promotore: await r.stack.idp.token('pro.agenzia', ['promotore'], r.cpi, { soggetto: cfPromotore }),
  };
}

/** A new trainee of `cpi`: its id. */
export async function tirocinante(r: RegistroTirocini): Promise<string> {
  return dati(await r.stack.client(r.operatore).POST('/api/v1/tirocinanti', { body: persona() })).id;
}

/** A two-month project of `p` for the trainee, starting on `dataInizio`. */
export function progetto(p: Parti, tirocinanteId: string, dataInizio: string, over: Partial<Schemi['ProgettoDto']> = {}): Schemi['ProgettoDto'] {
  return {
    promotoreId: p.promotoreId,
    ospitanteId: p.ospitanteId,
    sedeId: p.sedeId,
    tirocinanteId,
    tutorOspitanteId: p.tutorOspitanteId,
    tutorPromotoreId: p.tutorPromotoreId,
    convenzioneId: p.convenzioneId,
    dataInizio,
    dataFine: fineDopoMesi(dataInizio, 2),
    oreSettimanali: 30,
    obiettivi: 'Acquisire competenze di base nella tessitura industriale',
    attivita: 'Affiancamento al reparto orditura e controllo qualità',
    indennitaMensileCent: 60_000,
    dichiarazioni: { licenziamentiStessaMansione: false, rapportoPrecedenteConTirocinante: false },
    ...over,
  };
}
