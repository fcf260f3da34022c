/**
 * For callers that prefer exceptions to `Result`: a DomainError carries the same FieldError list, so
 * whoever catches it can still say which record and field were wrong and what is allowed.
 */
import type { FieldError, Result } from './types';

export class DomainError extends Error {
  readonly errors: FieldError[];

  constructor(errors: FieldError[]) {
    super(errors.map(describeFieldError).join('\n') || 'Invalid input.');
    this.name = 'DomainError';
    this.errors = errors;
  }
}

/** One line for logs and messages: `CRR0001 current.likelihood = 7: ... Allowed: 1, 2, 3.` */
export function describeFieldError(error: FieldError): string {
  const where = [error.record, error.field].filter(Boolean).join(' ');
  const allowed = error.allowed && error.allowed.length > 0 ? ` Allowed: ${error.allowed.join(', ')}.` : '';
  return `${where}: ${error.message}${allowed}`;
}

/** The value of an ok result; throws DomainError with the errors otherwise. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new DomainError(result.errors);
}

/** Errors only (warnings dropped): what blocks saving. */
export function blockingErrors(errors: FieldError[]): FieldError[] {
  return errors.filter((e) => e.severity !== 'warning');
}

/** Shorthand for a failed Result with one error. */
export function fail<T>(error: FieldError): Result<T> {
  return { ok: false, errors: [error] };
}

/** Shorthand for a successful Result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}
