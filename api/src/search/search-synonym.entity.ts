import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One group of equivalent search terms ("k8s" ↔ "kubernetes"), edited by admins. */
@Entity({ name: 'search_synonym' })
export class SearchSynonymEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text', array: true }) terms: string[];
  @Column({ type: 'integer', default: 0 }) position: number;
}
