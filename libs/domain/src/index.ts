export * from './auth/roles';
export * from './common/violation';
export * from './common/regole';
export * from './pratiche/pratica.state';
export * from './pratiche/pratica.machine';
