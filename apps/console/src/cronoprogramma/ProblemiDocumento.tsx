import { ErroreApi } from '../comune/api';
import { dove } from './parole';

const valore = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? `«${v}»` : JSON.stringify(v));

/**
 * Every problem the API found in a plan document, each at the point of the document it names (its JSON path, in
 * words and as written), with the value found and the limit: a whole document is one field, so its errors are a table.
 */
export function ProblemiDocumento({ id, errore, documento }: { id: string; errore: unknown; documento: unknown }) {
  if (!(errore instanceof ErroreApi) || !errore.problema.errors?.length) return null;
  const errori = errore.problema.errors;
  return (
    <div id={id} className="mt-3">
      <table className="table table-sm">
        <caption>
          {errori.length === 1 ? 'Un problema nel documento' : `${errori.length} problemi nel documento`}, al punto del documento a cui si riferiscono
        </caption>
        <thead>
          <tr>
            <th scope="col">Dove</th>
            <th scope="col">Problema</th>
            <th scope="col">Valore trovato</th>
            <th scope="col">Limite</th>
          </tr>
        </thead>
        <tbody>
          {errori.map((e, i) => (
            <tr key={i} data-campo={e.field}>
              <th scope="row" className="fw-normal">
                {dove(e.field, documento)}
                <div>
                  <code className="small">{e.field}</code>
                </div>
              </th>
              <td className="text-danger">{e.message}</td>
              <td>{valore(e.found)}</td>
              <td>{valore(e.limit)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
