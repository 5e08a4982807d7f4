import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_STATUS, type ErrorCode } from '../common/errors/domain-error.js';

const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export class ErrorDetailDto {
  @ApiProperty({ enum: ERROR_CODES, enumName: 'ErrorCode', example: 'NOT_FOUND' })
  code: ErrorCode;
  @ApiProperty({ description: 'A sentence for people.', example: 'No such briefing.' })
  message: string;
  @ApiPropertyOptional({
    description: 'Machine-readable particulars, e.g. the fields that failed.',
  })
  details?: unknown;
}

/** The contract's one error shape: `{"error":{"code","message","details"}}`. */
export class ErrorResponseDto {
  @ApiProperty({ type: ErrorDetailDto }) error: ErrorDetailDto;
}
