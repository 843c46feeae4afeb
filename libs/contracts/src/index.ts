export * from './actor';
export * from './common';
export * from './errors';
export * from './events';
export * from './roles';
export * from './subjects';
export * from './identity/dto';
export * from './identity/routes';
