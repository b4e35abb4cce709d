import 'bootstrap-italia/dist/css/bootstrap-italia.min.css';
import './console.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { creaGestore, SessioneProvider } from './auth/sessione';
import { ErroreApi, ApiBase } from './comune/api';
import { caricaConfig } from './config';

const radice = createRoot(document.getElementById('root')!);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) is an answer, not a glitch: only unavailability is retried.
      retry: (n, e) => n < 2 && (!(e instanceof ErroreApi) || e.problema.status >= 500),
      refetchOnWindowFocus: false,
    },
  },
});

caricaConfig()
  .then((config) => {
    const gestore = creaGestore(config);
    radice.render(
      <StrictMode>
        <ApiBase.Provider value={config.api}>
          <QueryClientProvider client={queryClient}>
            <SessioneProvider gestore={gestore}>
              <App gestore={gestore} />
            </SessioneProvider>
          </QueryClientProvider>
        </ApiBase.Provider>
      </StrictMode>,
    );
  })
  .catch((e: Error) => {
    radice.render(
      <main className="container my-5">
        <h1>Console non disponibile</h1>
        <p role="alert">{e.message}</p>
      </main>,
    );
  });
