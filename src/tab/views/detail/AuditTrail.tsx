/**
 * The risk's audit trail as people read it (audit-text.ts): newest first, one row per save, labels and
 * values as the tab shows them, people by name. The review service's bookkeeping is hidden unless the
 * reader asks for it.
 */
import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { AuditEntry } from '../../../ports';
import { formatDateTime } from '../../lib/dates';
import { Section } from './DetailSections';
import { auditRows, changeText, type AuditContext } from './audit-text';

const shown = 100;

export function AuditTrail({ audit, context }: { audit: AuditEntry[]; context: AuditContext }) {
  const [bookkeeping, setBookkeeping] = useState(false);
  const all = auditRows(audit, context);
  const hidden = all.filter((r) => r.bookkeeping).length;
  const rows = all
    .filter((r) => bookkeeping || !r.bookkeeping)
    .map((r) => (bookkeeping ? r : { ...r, changes: r.changes.filter((c) => !c.bookkeeping) }))
    .slice(0, shown);
  return (
    <Section title="Audit trail">
      {/* A native checkbox and its label: Fluent’s Checkbox here doubled the time of the detail’s keyboard tests. */}
      <label style={{ display: 'flex', alignItems: 'center', gap: 6, marginBottom: 8 }}>
        <input type="checkbox" checked={bookkeeping} onChange={(e) => setBookkeeping(e.target.checked)} />
        {`Show the review service’s bookkeeping (review requests and list keys${hidden ? `, ${hidden} ${hidden === 1 ? 'entry' : 'entries'}` : ''})`}
      </label>
      {rows.length === 0 ? (
        <Text block>No changes recorded.</Text>
      ) : (
        <Table size="small" aria-label="Audit trail">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: 170 }}>When</TableHeaderCell>
              <TableHeaderCell style={{ width: 170 }}>Who</TableHeaderCell>
              <TableHeaderCell style={{ width: 200 }}>What</TableHeaderCell>
              <TableHeaderCell>Change</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.key}>
                <TableCell data-label="When">{formatDateTime(r.at)}</TableCell>
                <TableCell data-label="Who">{r.by}</TableCell>
                <TableCell data-label="What">
                  {r.record} <Text size={200}>(through {r.via})</Text>
                </TableCell>
                <TableCell data-label="Change">
                  {r.changes.length <= 3 ? (
                    r.changes.map((c, i) => (
                      <Text block key={`${c.label}-${i}`}>
                        {changeText(c)}
                      </Text>
                    ))
                  ) : (
                    <details>
                      <summary>
                        {r.changes.length} fields:{' '}
                        {r.changes
                          .slice(0, 3)
                          .map((c) => c.label)
                          .join(', ')}
                        …
                      </summary>
                      {r.changes.map((c, i) => (
                        <Text block key={`${c.label}-${i}`}>
                          {changeText(c)}
                        </Text>
                      ))}
                    </details>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}
