import { Injectable } from '@nestjs/common';
import { Actor, canSeeOffice } from '@app/domain';
import { statisticheImparzialita } from '@app/domain/ispezioni/imparzialita';
import { TrascrizioneSorteggio, isManuale } from '@app/domain/ispezioni/ispezioni.types';
import { politicaDi } from '@app/domain/ispezioni/politica';
import { PeriodoPubblicato, verificaCatenaIspettorato, verificaRegistrazioni, verificaSorteggio } from '@app/domain/ispezioni/sorteggio';
import { IspettoriRepository, PeriodoRow, RichiesteRepository, SorteggiRepository, SorteggioRow } from '@app/infrastructure';
import { INTERO_PG_MAX, LIMITE_PAGINA, leggiCursoreNumero, pagina } from '../common/paginazione';
import { ProblemException, notFound } from '../common/problem';
import { vistaPeriodo } from './periodi-sorteggio.service';
import { assertInspectorate } from './registro-ispezioni.service';

const GIORNO = 86_400_000;
const soloIspettore = (actor: Actor) =>
  actor.roles.includes('ispettore') && !actor.roles.some((r) => ['dirigente', 'responsabile', 'amministratore'].includes(r));

/** Whether an inspector appears in an assignment (chosen, candidate or excluded): the ones they may read and check. */
function coinvolto(row: SorteggioRow, ispettoreId: string): boolean {
  const t = row.trascrizione;
  if (row.ispettoreId === ispettoreId) return true;
  if (isManuale(t)) return false;
  return t.candidati.some((c) => c.ispettoreId === ispettoreId) || t.esclusi.some((e) => e.ispettoreId === ispettoreId);
}

const pubblicato = (p: PeriodoRow): PeriodoPubblicato => ({
  periodo: p.periodo,
  inizio: p.inizio.toISOString(),
  fine: p.fine.toISOString(),
  pubblicatoIl: p.pubblicatoIl.toISOString(),
  rivelatoIl: p.rivelatoIl?.toISOString() ?? null,
  testaCatena: p.testaCatena,
});

/** The assignments' transcripts, their verification (one draw, or an inspectorate's whole chain) and the impartiality statistics. */
@Injectable()
export class AssegnazioniService {
  constructor(
    private readonly sorteggi: SorteggiRepository,
    private readonly registro: IspettoriRepository,
    private readonly richieste: RichiesteRepository,
  ) {}

  /** Staff of the inspectorate read its assignments; an inspector only those they appear in. Others: as if missing. */
  private async find(id: string, actor: Actor): Promise<SorteggioRow> {
    const s = await this.sorteggi.sorteggioById(id);
    if (!s || !canSeeOffice(actor, s.ispettorato) || (soloIspettore(actor) && !coinvolto(s, actor.sub))) throw notFound(`assegnazione ${id}`);
    return s;
  }

  /** A transcript as recorded, its place in the chain, and its period (commitment; secret and chain head once revealed). */
  private async vista(s: SorteggioRow) {
    const periodo = s.periodo ? await this.sorteggi.periodo(s.ispettorato, s.periodo) : null;
    return {
      id: s.id,
      richiestaId: s.richiestaId,
      tentativo: s.tentativo,
      tipo: s.tipo,
      ispettoreId: s.ispettoreId,
      registratoIl: s.registratoIl.toISOString(),
      catena: s.catena,
      n: s.n,
      trascrizione: s.trascrizione,
      prevHash: s.prevHash,
      hash: s.hash,
      periodo: periodo && vistaPeriodo(periodo),
    };
  }

  async dettaglio(id: string, actor: Actor) {
    return this.vista(await this.find(id, actor));
  }

  /**
   * A request's assignments in attempt order, a page at a time (see common/paginazione). A request has a handful of
   * attempts: they are read whole from the cursor on and filtered to what the caller may see before the page is cut,
   * so neither a page's length nor its cursor tells of an assignment the caller may not read.
   */
  async perRichiesta(richiestaId: string, actor: Actor, q: { dopo?: string; limite?: number } = {}) {
    const limite = q.limite ?? LIMITE_PAGINA;
    const rows = (await this.sorteggi.assegnazioniDellaRichiesta(richiestaId, q.dopo ? leggiCursoreNumero(q.dopo, INTERO_PG_MAX) : 0)).filter(
      (s) => canSeeOffice(actor, s.ispettorato) && (!soloIspettore(actor) || coinvolto(s, actor.sub)),
    );
    const { elementi, successivo } = pagina(rows, limite, (s) => [s.tentativo]);
    return { assegnazioni: await Promise.all(elementi.map((s) => this.vista(s))), ...(successivo ? { successivo } : {}) };
  }

  /**
   * An inspectorate's chain checked whole: its own consistency (links, numbering, times, periods, published heads) and
   * its agreement with what the audit trail recorded as each step happened, and with the requests' attempts.
   */
  private async esitoCatena(catena: string, ispettorato: string) {
    const [rows, periodi, registrazioni] = await Promise.all([
      this.sorteggi.catena(catena),
      this.sorteggi.periodi(ispettorato),
      this.sorteggi.registrazioniCatena(ispettorato),
    ]);
    const anelli = rows.map((r) => ({ n: r.n, trascrizione: r.trascrizione, prevHash: r.prevHash, hash: r.hash, registratoIl: r.registratoIl.toISOString() }));
    const proprio = verificaCatenaIspettorato(anelli, periodi.map(pubblicato));
    const registro = verificaRegistrazioni(
      anelli,
      periodi.map((p) => ({ ...pubblicato(p), impegno: p.impegno })),
      registrazioni,
      registrazioni.richieste,
    );
    const problemi = [...proprio.problemi, ...registro];
    return { rows, periodi, esito: { valido: problemi.length === 0, trascrizioni: proprio.trascrizioni, problemi } };
  }

  /**
   * One draw recomputed from its transcript and its period's revealed secret, the period's rules checked (drawn in
   * it, after its commitment, before its reveal, not after the head published then), and the inspectorate's chain
   * walked. Before the reveal only the chain can be checked; a manual assignment has nothing to recompute.
   */
  async verifica(id: string, actor: Actor) {
    const s = await this.find(id, actor);
    const { esito: catena } = await this.esitoCatena(s.catena, s.ispettorato);
    if (isManuale(s.trascrizione)) {
      return {
        verificabile: true,
        tipo: 'manuale',
        valido: catena.valido,
        motivi: [],
        catena,
        dettaglio: 'assegnazione manuale: nessun sorteggio da ricalcolare; controllata la catena',
      };
    }
    const periodo = s.periodo ? await this.sorteggi.periodo(s.ispettorato, s.periodo) : null;
    if (!periodo?.segreto) {
      return {
        verificabile: false,
        tipo: 'sorteggio',
        motivo: 'il segreto del periodo non è ancora rivelato: il sorteggio si potrà ricalcolare a periodo chiuso; controllata la catena',
        catena,
      };
    }
    const esito = verificaSorteggio(s.trascrizione as TrascrizioneSorteggio, periodo.segreto, {
      impegnoPubblicato: periodo.impegno,
      periodo: pubblicato(periodo),
      posizione: s.n,
    });
    const motivi = [...esito.motivi];
    if (esito.valido && s.ispettoreId !== (s.trascrizione as TrascrizioneSorteggio).estrazione.scelto)
      motivi.push("l'assegnazione registrata differisce dalla trascrizione");
    return { verificabile: true, tipo: 'sorteggio', valido: motivi.length === 0 && catena.valido, motivi, ricalcolo: esito.ricalcolo, catena };
  }

  /**
   * An inspectorate's whole chain, as its auditors check it: links, numbering, times, the heads published at each
   * reveal, and every draw of a revealed period recomputed with its secret.
   */
  async verificaCatena(ispettorato: string, actor: Actor) {
    assertInspectorate(actor, ispettorato);
    if (!(await this.registro.ispettorato(ispettorato))) throw notFound(`ispettorato ${ispettorato}`);
    const { rows, periodi, esito } = await this.esitoCatena(ispettorato, ispettorato);
    const segreti = new Map(periodi.filter((p) => p.rivelatoIl).map((p) => [p.periodo, p]));
    const problemi = [...esito.problemi];
    let ricalcolati = 0;
    for (const r of rows) {
      if (isManuale(r.trascrizione)) continue;
      const p = r.periodo ? segreti.get(r.periodo) : undefined;
      if (!p) continue;
      const v = verificaSorteggio(r.trascrizione, (await this.sorteggi.periodo(ispettorato, p.periodo))!.segreto!, {
        impegnoPubblicato: p.impegno,
        periodo: pubblicato(p),
        posizione: r.n,
      });
      ricalcolati++;
      for (const m of v.motivi) if (!problemi.some((x) => x.n === r.n && x.motivo === m)) problemi.push({ n: r.n, motivo: m });
    }
    const testa = rows[rows.length - 1];
    return {
      ispettorato,
      valido: problemi.length === 0,
      trascrizioni: rows.length,
      sorteggiRicalcolati: ricalcolati,
      nonAncoraVerificabili: rows.filter((r) => !isManuale(r.trascrizione) && !(r.periodo && segreti.has(r.periodo))).length,
      testa: testa ? { n: testa.n, hash: testa.hash } : null,
      testePubblicate: periodi.filter((p) => p.testaCatena).map((p) => ({ periodo: p.periodo, rivelatoIl: p.rivelatoIl!.toISOString(), ...p.testaCatena! })),
      problemi: problemi.sort((a, b) => (a.n ?? 0) - (b.n ?? 0)),
    };
  }

  /**
   * Observed against expected assignments per inspector, chi-square and p-value, for a period or a time window (by
   * default the policy's rolling window up to now); abstentions, manual assignments and declared conflicts per inspector.
   */
  async statistiche(q: { ispettorato?: string; periodo?: string; dal?: string; al?: string; soglia?: number }, actor: Actor) {
    const ispettorato = q.ispettorato ?? actor.office;
    assertInspectorate(actor, ispettorato);
    const isp = await this.registro.ispettorato(ispettorato);
    if (!isp) throw notFound(`ispettorato ${ispettorato}`);
    const politica = politicaDi(isp.politica);
    const soglia = q.soglia ?? politica.monitoraggio.soglia;
    let dal: Date;
    let al: Date;
    let draws: SorteggioRow[];
    if (q.periodo) {
      if (q.dal || q.al)
        throw new ProblemException(400, 'validazione', 'Richiesta non valida', 'indicare un periodo oppure dal/al', [
          { field: 'periodo', rule: 'parametri-alternativi', message: 'periodo e dal/al non vanno insieme' },
        ]);
      const p = await this.sorteggi.periodo(ispettorato, q.periodo);
      if (!p) throw notFound(`periodo ${q.periodo}`);
      [dal, al] = [p.inizio, p.fine];
      draws = await this.sorteggi.sorteggiDi(ispettorato, { periodo: q.periodo });
    } else {
      al = q.al ? new Date(q.al) : new Date();
      dal = q.dal ? new Date(q.dal) : new Date(al.getTime() - politica.monitoraggio.finestraGiorni * GIORNO);
      if (!(dal < al))
        throw new ProblemException(400, 'validazione', 'Richiesta non valida', 'dal deve precedere al', [
          { field: 'dal', rule: 'date-invertite', message: 'dal deve precedere al', found: q.dal, limit: q.al },
        ]);
      draws = await this.sorteggi.sorteggiDi(ispettorato, { dal, al });
    }
    const stats = statisticheImparzialita(
      draws.map((d) => ({ candidati: (d.trascrizione as TrascrizioneSorteggio).candidati, scelto: d.ispettoreId })),
      soglia,
    );
    const conteggi = await this.richieste.conteggiPerIspettore(ispettorato, dal, al);
    const draw = new Map(stats.perIspettore.map((x) => [x.ispettoreId, x]));
    const ids = [...new Set([...conteggi.map((c) => c.ispettoreId), ...draw.keys()])].sort();
    const perIspettore = ids.map((id) => ({
      ispettoreId: id,
      osservati: draw.get(id)?.osservati ?? 0,
      attesi: draw.get(id)?.attesi ?? 0,
      astensioni: 0,
      assegnazioniManuali: 0,
      conflittiDichiarati: 0,
      ...conteggi.find((c) => c.ispettoreId === id),
    }));
    return {
      ispettorato,
      ...(q.periodo ? { periodo: q.periodo } : {}),
      dal: dal.toISOString(),
      al: al.toISOString(),
      ...stats,
      // Draws that could only go one way (a single candidate): the test cannot see them, so they are counted apart.
      estrazioniConUnSoloCandidato: draws.filter((d) => (d.trascrizione as TrascrizioneSorteggio).candidati.length === 1).length,
      astensioni: conteggi.reduce((n, x) => n + x.astensioni, 0),
      riassegnazioniManuali: conteggi.reduce((n, x) => n + x.assegnazioniManuali, 0),
      perIspettore,
    };
  }
}
