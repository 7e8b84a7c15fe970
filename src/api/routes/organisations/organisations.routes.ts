import type { FastifyInstance } from 'fastify';
import {
  OrganisationCreateSchema,
  OrganisationFiltersSchema,
  OrganisationPatchSchema,
  OrganisationSchema,
} from '../../../core/organisations/organisation.schema.js';
import type { OrganisationService } from '../../../core/organisations/organisation.service.js';
import { registerRecordRoutes } from '../record.routes.js';

export function organisationsRoutes(app: FastifyInstance, service: OrganisationService): void {
  registerRecordRoutes(app, {
    path: '/organisations',
    entity: 'organisation',
    tag: 'organisations',
    schemas: {
      entity: OrganisationSchema,
      create: OrganisationCreateSchema,
      patch: OrganisationPatchSchema,
      filters: OrganisationFiltersSchema,
    },
    service,
  });
}
