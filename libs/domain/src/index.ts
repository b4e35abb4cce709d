export * from './auth/roles';
export * from './common/violation';
export * from './common/regole';
export * from './pratica/pratica.state';
export * from './pratica/pratica.machine';
