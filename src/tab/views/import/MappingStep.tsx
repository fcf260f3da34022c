/** Step 2: which sheet and header row, and which field each column holds (pre-filled, correctable). */
import {
  Button,
  Field,
  Input,
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
  makeStyles,
} from '@fluentui/react-components';
import { describeIssue, importFields, type ImportField } from '../../../import';
import { useStackedTableStyles } from '../../components/stacked-table';
import type { ImportWizard } from './use-import-wizard';

const useStyles = makeStyles({
  row: { display: 'flex', gap: '12px', flexWrap: 'wrap', alignItems: 'end' },
  actions: { display: 'flex', gap: '8px' },
});

export function MappingStep({ wizard }: { wizard: ImportWizard }) {
  const stacked = useStackedTableStyles();
  const styles = useStyles();
  const { state, mappingIssues } = wizard;
  const mapping = state.mapping;
  if (!mapping || !state.file) return null;
  const fieldOf = (index: number) =>
    (Object.entries(mapping.columns) as [ImportField, number][]).find(([, i]) => i === index)?.[0];
  const sample = state.file.sheets.find((s) => s.name === mapping.sheet)?.rows[mapping.headerRow] ?? [];

  return (
    <>
      <div className={styles.row}>
        {state.file.sheets.length > 1 ? (
          <Field label="Sheet">
            <Select
              value={mapping.sheet}
              onChange={(_, d) => wizard.chooseHeaderRow(d.value, mapping.headerRow)}
            >
              {state.file.sheets.map((s) => (
                <option key={s.name}>{s.name}</option>
              ))}
            </Select>
          </Field>
        ) : null}
        <Field label="Header row number">
          <Input
            type="number"
            min={1}
            value={String(mapping.headerRow)}
            onChange={(_, d) => wizard.chooseHeaderRow(mapping.sheet, Number(d.value))}
          />
        </Field>
      </div>
      <Text>
        Check the field each column of {state.fileName} holds. Columns set to “Not imported” are ignored.
      </Text>
      <Table size="small" className={stacked.table} aria-label="Column mapping">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Column</TableHeaderCell>
            <TableHeaderCell>Header in the file</TableHeaderCell>
            <TableHeaderCell>First value</TableHeaderCell>
            <TableHeaderCell>Imported as</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {state.headers.map((h) => (
            <TableRow key={h.index}>
              <TableCell data-label="Column">{h.letter}</TableCell>
              <TableCell data-label="Header in the file">{h.text || '(no header)'}</TableCell>
              <TableCell data-label="First value">{(sample[h.index] ?? '').slice(0, 60)}</TableCell>
              <TableCell data-label="Imported as">
                <Select
                  aria-label={`Field for column ${h.letter} (${h.text || 'no header'})`}
                  value={fieldOf(h.index) ?? ''}
                  onChange={(_, d) =>
                    wizard.mapColumn(h.index, (d.value || undefined) as ImportField | undefined)
                  }
                >
                  <option value="">Not imported</option>
                  {importFields.map((f) => (
                    <option key={f.field} value={f.field}>
                      {f.label}
                    </option>
                  ))}
                </Select>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {mappingIssues.length ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <ul aria-label="Mapping problems">
              {mappingIssues.map((i, n) => (
                <li key={n}>{describeIssue(i)}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.actions}>
        <Button onClick={wizard.restart}>Choose another file</Button>
        <Button appearance="primary" disabled={!!state.busy} onClick={() => void wizard.preview()}>
          Preview the import
        </Button>
      </div>
    </>
  );
}
