import { readFileSync } from 'node:fs';
import { AppConfig } from '../config/app-config';

/** Connection settings shared by the API's client and the worker: plain for the dev server, TLS/API key for a cluster or Temporal Cloud. */
export function temporalConnectionOptions(config: AppConfig) {
  const mtls =
    config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH
      ? { clientCertPair: { crt: readFileSync(config.TEMPORAL_TLS_CERT_PATH), key: readFileSync(config.TEMPORAL_TLS_KEY_PATH) } }
      : undefined;
  const tls = mtls ?? (config.TEMPORAL_TLS || config.TEMPORAL_API_KEY ? true : undefined);
  return {
    address: config.TEMPORAL_ADDRESS,
    tls,
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  };
}
