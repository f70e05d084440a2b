// The route table: every group in one list, in the order the docs list them.
import { actionRoutes } from './actionRoutes.ts';
import { browserRoutes } from './browserRoutes.ts';
import { contentRoutes } from './contentRoutes.ts';
import { executionRoutes } from './executionRoutes.ts';
import { networkRoutes } from './networkRoutes.ts';
import { pdfRoutes } from './pdfRoute.ts';
import { readerRoutes } from './readerRoute.ts';
import { semanticRoutes } from './semanticRoutes.ts';
import { tabRoutes } from './tabRoutes.ts';
import type { RouteDef } from './types.ts';

export const routeTable: RouteDef[] = [...browserRoutes, ...tabRoutes, ...actionRoutes, ...contentRoutes, ...readerRoutes, ...executionRoutes, ...semanticRoutes, ...networkRoutes, ...pdfRoutes];
