export class VivoView {
  status: 'ok';
}

export class StatoDipendenzaView {
  status: 'up' | 'down';
  /** Perché non risponde */
  message?: string;
}

export class DipendenzeView {
  database?: StatoDipendenzaView;
  /** Il motore dei processi */
  temporal?: StatoDipendenzaView;
  /** L'archivio documenti */
  storage?: StatoDipendenzaView;
  /** Un worker che serve la coda dei processi */
  worker?: StatoDipendenzaView;
}

export class ProntoView {
  /** ok quando ogni dipendenza risponde */
  status: 'ok' | 'error' | 'shutting_down';
  /** Le dipendenze che rispondono */
  info?: DipendenzeView;
  /** Quelle che non rispondono */
  error?: DipendenzeView;
  /** Tutte */
  details: DipendenzeView;
}
