import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { ProblemException } from '../common/problem';

const TIPO = /^[a-z0-9][a-z0-9-]{0,59}$/;

/**
 * Reads a multipart/form-data request with a `tipo` field followed by one `file` part, handing the file to `sink` as
 * a stream. Nothing is buffered: the file flows from the socket to the sink as it arrives.
 */
export function receiveUpload<T>(
  req: Request,
  maxBytes: number,
  sink: (file: Readable, meta: { tipo: string; nomeFile: string }) => Promise<T>,
): Promise<T> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) {
    // Refused from the header alone; the body is drained so the client still reads the answer.
    req.resume();
    return Promise.reject(tooLarge(maxBytes, declared));
  }
  if (!String(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    return Promise.reject(new ProblemException(415, 'multipart-richiesto', 'Formato non supportato', 'send multipart/form-data with fields tipo and file'));
  }
  return new Promise<T>((resolve, reject) => {
    let tipo: string | undefined;
    let handled = false;
    const fail = (e: unknown) => {
      req.unpipe(bb);
      req.resume();
      reject(e);
    };
    const bb = busboy({ headers: req.headers, limits: { files: 1, fields: 5, fileSize: maxBytes + 1, fieldSize: 1024 } });
    bb.on('field', (name, value) => {
      if (name === 'tipo') tipo = value;
    });
    bb.on('file', (name, file, info) => {
      if (handled || name !== 'file') {
        file.resume();
        return;
      }
      handled = true;
      if (!tipo || !TIPO.test(tipo)) {
        file.resume();
        fail(new ProblemException(400, 'validazione', 'Richiesta non valida', 'the tipo field must come before the file', [
          { field: 'tipo', rule: 'matches', message: 'tipo is required before the file part: lowercase letters, digits and -', found: tipo ?? null },
        ]));
        return;
      }
      sink(file, { tipo, nomeFile: (info.filename || 'documento').slice(0, 255) }).then(resolve, fail);
    });
    bb.on('error', fail);
    bb.on('close', () => {
      if (!handled) {
        reject(new ProblemException(400, 'validazione', 'Richiesta non valida', 'no file part', [
          { field: 'file', rule: 'obbligatorio', message: 'a file part named "file" is required' },
        ]));
      }
    });
    req.pipe(bb);
  });
}

function tooLarge(maxBytes: number, found: number) {
  return new ProblemException(413, 'dimensione-massima', 'Documento non accettato', `the file exceeds the maximum size of ${maxBytes} bytes`, [
    { field: 'file', rule: 'dimensione-massima', message: `at most ${maxBytes} bytes`, found, limit: maxBytes },
  ]);
}
