export { updateReturning } from '@gz/platform';
