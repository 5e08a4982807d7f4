import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A mail already imported through an integration, by Message-ID: a re-delivery imports once. */
@Entity({ name: 'inbound_message' })
export class InboundMessageEntity {
  @PrimaryColumn({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @PrimaryColumn({ name: 'message_id', type: 'text' })
  messageId: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
