import { Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'user_group_member' })
@Index('user_group_member_user_idx', ['userId'])
export class GroupMemberEntity {
  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;
}
