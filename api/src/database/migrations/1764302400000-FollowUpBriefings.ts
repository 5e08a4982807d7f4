import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each follow-up link keeps the briefing its target belongs to (an item, thread or comment never
 * changes briefing), so visibility, tag and briefing filters are one join instead of four; a
 * decision proposed from a comment records that comment's thread.
 */
export class FollowUpBriefings1764302400000 implements MigrationInterface {
  name = 'FollowUpBriefings1764302400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE follow_up_link ADD COLUMN briefing_id uuid`);
    await db.query(`
      UPDATE follow_up_link l SET briefing_id = CASE l.target_type
          WHEN 'briefing' THEN l.target_id
          WHEN 'item' THEN (SELECT i.briefing_id FROM item i WHERE i.id = l.target_id)
          WHEN 'discussion' THEN (SELECT t.briefing_id FROM thread t WHERE t.id = l.target_id)
          WHEN 'comment' THEN (SELECT t.briefing_id FROM comment c JOIN thread t ON t.id = c.thread_id WHERE c.id = l.target_id)
        END`);
    await db.query(
      `CREATE INDEX follow_up_link_briefing_idx ON follow_up_link (briefing_id, owner_type)`,
    );
    await db.query(
      `UPDATE decision d SET thread_id = c.thread_id FROM comment c WHERE c.id = d.comment_id AND d.thread_id IS NULL`,
    );
    await db.query(`CREATE INDEX decision_thread_idx ON decision (thread_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX decision_thread_idx`);
    await db.query(`DROP INDEX follow_up_link_briefing_idx`);
    await db.query(`ALTER TABLE follow_up_link DROP COLUMN briefing_id`);
  }
}
