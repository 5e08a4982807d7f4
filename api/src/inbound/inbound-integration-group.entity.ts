import { Entity, Index, PrimaryColumn } from 'typeorm';

/** The groups a restricted integration's briefings are shared with. */
@Entity({ name: 'inbound_integration_group' })
@Index('inbound_integration_group_group_idx', ['groupId'])
export class InboundIntegrationGroupEntity {
  @PrimaryColumn({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId: string;
}
