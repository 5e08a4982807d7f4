import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AuditEventDto, AuditFilterQuery, AuditPageDto, AuditQuery } from './audit.dto.js';
import { AuditRepository, type AuditFilters, type AuditRow } from './audit.repository.js';

const DEFAULT_LIMIT = 50;
/** Rows read per query while streaming a CSV: the export never holds the whole log in memory. */
const CSV_BATCH = 500;
/** The exact timestamps the repository hands out as sort keys. */
const isAtKey = (key: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(key);

export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'actor id',
  'actor email',
  'actor name',
  'action',
  'target type',
  'target id',
  'ip',
  'details',
];

/** Reads the audit log for admins: a page at a time, or all of it as CSV. */
@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  async page(query: AuditQuery): Promise<AuditPageDto> {
    const filters = toFilters(query);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, isAtKey);
    const rows = await this.repository.list(filters, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      events: page.map(toDto),
      nextCursor: rows.length > limit && last ? encodeCursor(last.atKey, last.id) : null,
    };
  }

  /** Every matching event, newest first, as a CSV stream read in batches. */
  csv(query: AuditFilterQuery): Readable {
    const filters = toFilters(query);
    const repository = this.repository;
    async function* rows(): AsyncGenerator<string[]> {
      let after: { key: string; id: string } | undefined;
      for (;;) {
        const batch = await repository.list(filters, CSV_BATCH, after);
        for (const row of batch) yield toCsvRow(row);
        const last = batch.at(-1);
        if (batch.length < CSV_BATCH || !last) return;
        after = { key: last.atKey, id: last.id };
      }
    }
    // escape_formulas: a cell starting with = + - @ would run as a formula in a spreadsheet.
    return Readable.from(rows()).pipe(
      stringify({ header: true, columns: AUDIT_CSV_COLUMNS, escape_formulas: true }),
    );
  }
}

/** Dates are whole UTC days, both ends included. */
export function toFilters(query: AuditFilterQuery): AuditFilters {
  const from = query.from ? dayStart(query.from, 'from') : undefined;
  const to = query.to ? dayStart(query.to, 'to') : undefined;
  if (to) to.setUTCDate(to.getUTCDate() + 1);
  if (from && to && from >= to) {
    throw new DomainError('VALIDATION_FAILED', 'from must not be after to.', [
      { field: 'from', problems: ['from must not be after to'] },
    ]);
  }
  return {
    action: query.action,
    actorId: query.actorId,
    targetType: query.targetType,
    targetId: query.targetId,
    from,
    to,
  };
}

function dayStart(day: string, field: string): Date {
  const date = new Date(`${day}T00:00:00.000Z`);
  // The pattern lets 2026-02-31 through; the calendar does not.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) {
    throw new DomainError('VALIDATION_FAILED', `${field} is not a calendar date.`, [
      { field, problems: [`${field} must be a date like 2026-12-01`] },
    ]);
  }
  return date;
}

export function toDto(row: AuditRow): AuditEventDto {
  const email = row.actorLabel ?? row.actorEmail;
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor:
      row.actorId || email
        ? {
            id: row.actorId,
            email: email ?? '',
            displayName: row.actorDisplayName,
          }
        : null,
    action: row.action,
    target: row.targetType ? { type: row.targetType, id: row.targetId } : null,
    ip: row.ip,
    details: isRecord(row.details) ? row.details : {},
  };
}

function toCsvRow(row: AuditRow): string[] {
  const event = toDto(row);
  return [
    event.id,
    event.at,
    event.actor?.id ?? '',
    event.actor?.email ?? '',
    event.actor?.displayName ?? '',
    event.action,
    event.target?.type ?? '',
    event.target?.id ?? '',
    event.ip ?? '',
    Object.keys(event.details).length ? JSON.stringify(event.details) : '',
  ];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
