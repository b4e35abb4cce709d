/**
 * An Italian address as the registries keep it: street and number, CAP, comune with its ISTAT code, provincia (its
 * two-letter sigla). Only the formats are checked. No list of comuni with their ISTAT codes is at hand
 * (codice-fiscale-js carries comuni with their cadastral codes and sigle, not their ISTAT codes), and a list would
 * have to be kept current: comuni merge and are created every year, and a stale list must not refuse a real
 * address (the same choice as for birthplaces in identificativi.ts).
 */
export interface Indirizzo {
  /** Street, number and anything else before the CAP ("Via Roma 10, scala B"). */
  indirizzo: string;
  cap: string;
  comune: string;
  /** The comune's ISTAT code: 3 digits of the province, 3 of the comune (Prato 100005, Firenze 048017). */
  codiceIstat: string;
  /** The province's sigla (PO, FI): for a comune of a metropolitan city, that city's. */
  provincia: string;
}

/**
 * An address as stored: one written since addresses are typed is a whole `Indirizzo`; one registered before, as free
 * JSON, keeps what could be read of it (a well-formed value under its name) and null for the rest.
 */
export type IndirizzoRegistrato = { [K in keyof Indirizzo]: Indirizzo[K] | null };

export const FORMATO_CAP = /^\d{5}$/;
export const FORMATO_CODICE_ISTAT = /^\d{6}$/;
/** Typed in either case, kept in capitals. */
export const FORMATO_PROVINCIA = /^[A-Za-z]{2}$/;

/** The address as it is kept: texts trimmed, the sigla in capitals. */
export function normalizzaIndirizzo(i: Indirizzo): Indirizzo {
  return { indirizzo: i.indirizzo.trim(), cap: i.cap, comune: i.comune.trim(), codiceIstat: i.codiceIstat, provincia: i.provincia.toUpperCase() };
}
