export { execute, fastRead } from '@gz/platform';
