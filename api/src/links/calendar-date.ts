import { registerDecorator, type ValidationOptions } from 'class-validator';
import { ISO_DATE } from '../common/dto-transforms.js';

/** YYYY-MM-DD naming a day that exists (2026-02-30 is refused here, not by PostgreSQL as a 500). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a date like 2026-06-01`, ...options },
      validator: { validate: (value: unknown) => isCalendarDate(value) },
    });
}
