import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, IsUUID, Length } from 'class-validator';
import { trim } from '../common/dto-transforms.js';
import { UserDto } from '../users/users.dto.js';
import type { GroupRow } from './groups.repository.js';

export class GroupDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() memberCount: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export const toGroupDto = (row: GroupRow): GroupDto => ({
  id: row.id,
  name: row.name,
  memberCount: row.memberCount,
  createdAt: new Date(row.createdAt).toISOString(),
});

export class GroupNameDto {
  @ApiProperty({ example: 'Leadership' })
  @Transform(trim)
  @IsString()
  @Length(1, 80)
  name: string;
}

export class GroupIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class GroupMembersDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true })
  userIds: string[];
}

export class GroupListDto {
  @ApiProperty({ type: [GroupDto] }) groups: GroupDto[];
}

export class GroupEnvelopeDto {
  @ApiProperty({ type: GroupDto }) group: GroupDto;
}

export class GroupMemberListDto {
  @ApiProperty({ type: [UserDto] }) members: UserDto[];
}
