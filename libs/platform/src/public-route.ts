import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'gz:public';

/** The HTTP route needs no token (sign-in, token endpoints, docs, health, metrics). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
