export class LinkView {
  /** Indirizzo prefirmato per scaricare il documento, valido fino a scadeIl */
  url: string;
  /** Istante ISO 8601 */
  scadeIl: string;
}
