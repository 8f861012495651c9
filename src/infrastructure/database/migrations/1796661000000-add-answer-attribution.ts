import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * The sources an answer's figures came from and the figure guard's counts, stored with each
 * assistant message (JSON text on both drivers, like `sentiment`).
 */
export class AddAnswerAttribution1796661000000 implements MigrationInterface {
  name = 'AddAnswerAttribution1796661000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('messages', [
      new TableColumn({ name: 'sources', type: 'text', isNullable: true }),
      new TableColumn({ name: 'figures', type: 'text', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('messages', 'figures');
    await q.dropColumn('messages', 'sources');
  }
}
