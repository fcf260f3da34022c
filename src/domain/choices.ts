/**
 * The values of the register's choice fields, written once. The field catalogue lists them as each
 * field's choices and the domain types are their unions; this module imports nothing, so neither of
 * those imports the other.
 */
export const TREATMENT_OPTIONS = ['tolerate', 'treat', 'transfer', 'terminate'] as const;
export const RISK_STATUSES = ['open', 'closed', 'merged'] as const;
export const ACTION_STATUSES = ['not-started', 'in-progress', 'completed', 'overdue', 'cancelled'] as const;
export const FREQUENCY_CHOICES = ['monthly', 'quarterly', 'termly', 'six-monthly', 'annually'] as const;

/** How people read an action's status (tab, paper, export): the one wording of each value. */
export const ACTION_STATUS_LABELS: Readonly<Record<(typeof ACTION_STATUSES)[number], string>> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  completed: 'Completed',
  overdue: 'Overdue',
  cancelled: 'Cancelled',
};
