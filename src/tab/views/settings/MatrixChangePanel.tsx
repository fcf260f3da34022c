/**
 * The preview of a matrix change (use-matrix-change): every rating that falls off the new scale or
 * changes band, the mapping of the old levels onto the new ones when the scales differ, and the
 * confirmation the save needs. Nothing is written until the manager confirms and saves.
 */
import {
  Checkbox,
  Field,
  MessageBar,
  MessageBarBody,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import type { RiskMatrix } from '../../../domain/types';
import type { MatrixChange } from './use-matrix-change';

export function MatrixChangePanel(props: {
  change: MatrixChange;
  saved: RiskMatrix;
  draft: RiskMatrix;
  tried: boolean;
}) {
  const { change, saved, draft } = props;
  if (!change.active) return null;
  const { rows, risks } = change.preview;
  const { offScale } = change.preview;
  return (
    <section aria-labelledby="matrix-change-heading" style={{ marginTop: 12 }}>
      <Text as="h3" id="matrix-change-heading" weight="semibold" block>
        Changing the matrix from {saved.name} to {draft.name}
      </Text>
      <Text block>
        {rows.length} existing {rows.length === 1 ? 'rating' : 'ratings'} of {risks}{' '}
        {risks === 1 ? 'risk' : 'risks'} {rows.length === 1 ? 'moves' : 'move'}
        {offScale ? `, ${offScale} of them off the new scale` : ''}. Nothing changes until you confirm and
        save. Past reviews keep the matrix they were recorded on.
      </Text>
      {change.needsMapping ? (
        <fieldset style={{ border: 'none', padding: 0, marginTop: 8 }}>
          <legend style={{ fontWeight: 600 }}>Map the existing ratings onto the new scales</legend>
          {(['likelihood', 'impact'] as const).map((axis) => (
            <div
              key={axis}
              style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))', gap: 8 }}
            >
              {saved[axis].levels.map((l) => (
                <Field key={l.value} label={`${saved[axis].name} ${l.code} (${l.label}) becomes`}>
                  <Select
                    value={String(change.mapping[axis][String(l.value)] ?? '')}
                    onChange={(_, d) => change.setLevel(axis, l.value, Number(d.value))}
                  >
                    {draft[axis].levels.map((n) => (
                      <option key={n.value} value={String(n.value)}>
                        {n.code} {n.label}
                      </option>
                    ))}
                  </Select>
                </Field>
              ))}
            </div>
          ))}
        </fieldset>
      ) : null}
      <Table aria-label="Ratings the matrix change moves" size="small" style={{ marginTop: 8 }}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Risk</TableHeaderCell>
            <TableHeaderCell>Rating</TableHeaderCell>
            <TableHeaderCell>Now ({saved.name})</TableHeaderCell>
            <TableHeaderCell>After the change</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={`${r.reference}-${r.tier}`}>
              <TableCell>
                {r.reference}: {r.title}
              </TableCell>
              <TableCell>{r.tierLabel}</TableCell>
              <TableCell>{r.beforeText}</TableCell>
              <TableCell>{r.afterText}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {change.problems.length ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            The matrix cannot change yet:
            <ul>
              {change.problems.map((p) => (
                <li key={p.field}>{p.message}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <Field
        validationMessage={
          props.tried && !change.confirmed ? 'Confirm the matrix change before saving.' : undefined
        }
      >
        <Checkbox
          checked={change.confirmed}
          onChange={(_, d) => change.setConfirmed(d.checked === true)}
          label={`I have checked these ${rows.length} ${rows.length === 1 ? 'rating' : 'ratings'}: change the matrix${
            change.needsMapping ? ' and re-rate the risks with this mapping' : ''
          }`}
        />
      </Field>
    </section>
  );
}
