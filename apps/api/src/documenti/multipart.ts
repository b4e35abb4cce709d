import busboy from 'busboy';
import type { Request } from 'express';
import { PassThrough, type Readable } from 'node:stream';
import { ProblemException } from '../common/problem';

const TIPO = /^[a-z0-9][a-z0-9-]{0,59}$/;

/**
 * Reads a multipart/form-data request with a `tipo` field followed by one `file` part, handing the file to `sink` as
 * a stream. Nothing is buffered: the file flows from the socket to the sink as it arrives.
 */
export function receiveUpload<T>(req: Request, maxBytes: number, sink: (file: Readable, meta: { tipo: string; nomeFile: string }) => Promise<T>): Promise<T> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) {
    // Refused from the header alone; the body is drained so the client still reads the answer.
    req.resume();
    return Promise.reject(tooLarge(maxBytes, declared));
  }
  if (!String(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    const message = 'il corpo deve essere multipart/form-data con i campi tipo e file';
    return Promise.reject(
      new ProblemException(415, 'multipart-richiesto', 'Formato non supportato', message, [{ field: 'body', rule: 'multipart-richiesto', message }]),
    );
  }
  return new Promise<T>((resolve, reject) => {
    let tipo: string | undefined;
    let handled = false;
    let settled = false;
    // The file as the sink sees it: a stream of our own, so that whatever goes wrong upstream (a body cut short, a
    // parser error, the client gone) ends it with an error the sink hears, and never reaches the process unheard.
    let body: PassThrough | undefined;
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
    };
    const fail = (e: unknown) => {
      body?.destroy(e instanceof Error ? e : new Error(String(e)));
      req.unpipe(bb);
      req.resume();
      done(() => reject(e));
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fields: 5, parts: 8, fileSize: maxBytes + 1, fieldSize: 1024 } });
    } catch (e) {
      // No boundary, or a content type busboy does not read.
      req.resume();
      reject(malformed(e as Error));
      return;
    }
    bb.on('field', (name, value) => {
      if (name === 'tipo') tipo = value;
    });
    bb.on('file', (name, file, info) => {
      file.on('error', (e: Error) => body?.destroy(e));
      if (handled || name !== 'file') {
        file.resume();
        return;
      }
      handled = true;
      if (!tipo || !TIPO.test(tipo)) {
        file.resume();
        fail(
          new ProblemException(400, 'validazione', 'Richiesta non valida', 'il campo tipo deve precedere il file', [
            { field: 'tipo', rule: 'matches', message: 'tipo: obbligatorio prima della parte file; lettere minuscole, cifre e -', found: tipo ?? null },
          ]),
        );
        return;
      }
      body = new PassThrough();
      body.on('error', () => undefined); // heard by the sink through its own listeners; this one keeps it from the process
      file.pipe(body);
      const letto = body;
      sink(letto, { tipo, nomeFile: (info.filename || 'documento').slice(0, 255) }).then(
        (v) => done(() => resolve(v)),
        // A plain error out of a body that broke is the body's fault, not the service's.
        (e) => fail(letto.errored && e === letto.errored ? malformed(letto.errored) : e),
      );
    });
    bb.on('error', (e: Error) => fail(malformed(e)));
    bb.on('partsLimit', () =>
      fail(
        new ProblemException(400, 'multipart-non-valido', 'Richiesta non valida', 'troppe parti: inviare il campo tipo e un solo file', [
          { field: 'multipart', rule: 'parti-massime', message: 'al massimo il campo tipo e una parte file', limit: 8 },
        ]),
      ),
    );
    bb.on('close', () => {
      if (!handled) {
        done(() =>
          reject(
            new ProblemException(400, 'validazione', 'Richiesta non valida', 'manca la parte file', [
              { field: 'file', rule: 'obbligatorio', message: 'serve una parte di nome «file» con il documento' },
            ]),
          ),
        );
      }
    });
    // The client went away or the connection broke mid-body.
    req.on('error', (e) => fail(malformed(e)));
    req.on('aborted', () => fail(malformed(new Error('richiesta interrotta prima della fine'))));
    req.pipe(bb);
  });
}

/** What went wrong in the parser's words (busboy writes English), said to the user in Italian; another error keeps its own. */
const PERCHE: [RegExp, string][] = [
  [/boundary not found/i, 'manca il boundary nel Content-Type'],
  [/unexpected end of (form|file)/i, 'il corpo finisce prima della chiusura delle parti'],
  [/malformed part header/i, "l'intestazione di una parte non è valida"],
  [/malformed content type|missing content-type|unsupported content type/i, 'Content-Type non valido'],
  [/aborted|ECONNRESET/i, 'richiesta interrotta prima della fine'],
];
const perche = (e: Error) => PERCHE.find(([re]) => re.test(e.message))?.[1] ?? e.message;

/** A body the multipart parser cannot read to its end (cut short, no boundary, malformed headers): the client's fault. */
function malformed(e: Error) {
  return new ProblemException(400, 'multipart-non-valido', 'Richiesta non valida', `corpo multipart non leggibile: ${perche(e)}`, [
    { field: 'multipart', rule: 'formato', message: `corpo multipart non leggibile fino alla fine: ${perche(e)}` },
  ]);
}

function tooLarge(maxBytes: number, found: number) {
  return new ProblemException(413, 'dimensione-massima', 'Documento non accettato', `il file supera la dimensione massima di ${maxBytes} byte`, [
    { field: 'file', rule: 'dimensione-massima', message: `al massimo ${maxBytes} byte`, found, limit: maxBytes },
  ]);
}
