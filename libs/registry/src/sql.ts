export { execute, isUniqueViolation, Params } from '@gz/platform';
