import type { FastifyInstance } from 'fastify';
import { BackupStatusSchema } from '../../../core/backup/backup.schema.js';
import type { BackupStatusService } from '../../../core/backup/backup-status.service.js';
import { ProblemSchema } from '../../http.js';

/** Backups as admins see them; taken and restored by `aidgrid backup` and the server's schedule. */
export function backupsRoutes(app: FastifyInstance, backups: BackupStatusService): void {
  app.get(
    '/admin/backups',
    {
      schema: {
        tags: ['admin'],
        summary: 'Backups, verified restores and WAL archiving (admin)',
        description:
          'The schedule, the newest successful base backup and restore test, the state of continuous WAL ' +
          'archiving, and the 20 newest runs.',
        response: { 200: BackupStatusSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async () => backups.status(),
  );
}
