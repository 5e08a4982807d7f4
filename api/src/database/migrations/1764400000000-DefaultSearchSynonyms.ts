import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A curated default synonym set for a leadership team's vocabulary, so a question in the words
 * people use ("credential", "monitoring", "stop hiring") finds notes in the words written ("key",
 * "observability", "freeze"). Appended after the groups already there (admins extend or edit
 * them all on the synonyms page); a group whose first term an admin already uses is skipped.
 */
export const DEFAULT_SYNONYMS: string[][] = [
  ['key', 'keys', 'credential', 'credentials', 'secret', 'secrets', 'token', 'tokens'],
  ['rotate', 'rotation', 'rotating', 'rotated'],
  ['monitoring', 'observability', 'telemetry', 'alerting'],
  ['outage', 'incident', 'downtime', 'disruption'],
  ['freeze', 'pause', 'stop', 'halt', 'moratorium'],
  ['hiring', 'hire', 'recruiting', 'recruitment', 'headcount'],
  ['contractor', 'contractors', 'freelancer', 'freelancers', 'consultant', 'consultants'],
  ['vendor', 'vendors', 'supplier', 'suppliers', 'provider', 'providers'],
  ['llm', 'ai model', 'language model', 'foundation model'],
  ['consolidate', 'consolidation', 'consolidating', 'merge'],
  ['tool', 'tools', 'tooling'],
  ['cost', 'costs', 'spend', 'spending'],
  ['deploy', 'deployment', 'release', 'rollout'],
  ['postmortem', 'post-mortem', 'incident review', 'retro'],
  ['on-call', 'oncall', 'pager'],
  ['migrate', 'migration', 'migrating'],
  ['security', 'infosec', 'cybersecurity'],
  ['budget', 'budgets', 'funding'],
  ['capacity', 'headroom'],
  ['roadmap', 'plan', 'planning'],
];

export class DefaultSearchSynonyms1764400000000 implements MigrationInterface {
  name = 'DefaultSearchSynonyms1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `INSERT INTO search_synonym (terms, position)
       SELECT ARRAY(SELECT jsonb_array_elements_text(g.value)),
              (SELECT COALESCE(max(position), -1) FROM search_synonym) + g.ordinality
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS g
        WHERE NOT EXISTS (SELECT 1 FROM search_synonym s WHERE s.terms[1] = g.value->>0)`,
      [JSON.stringify(DEFAULT_SYNONYMS)],
    );
  }

  async down(db: QueryRunner): Promise<void> {
    for (const group of DEFAULT_SYNONYMS) {
      await db.query(`DELETE FROM search_synonym WHERE terms = $1::text[]`, [group]);
    }
  }
}
