import { Field, Select } from '@fluentui/react-components';
import type { RegisterData } from '../data/use-register-data';

/** A register chooser shared by the summary and review views; empty value = all registers. */
export function RegisterPicker(props: {
  data: RegisterData;
  value: string | undefined;
  onChange: (register: string | undefined) => void;
  allowAll?: boolean;
}) {
  return (
    <Field label="Register" style={{ maxWidth: 360 }}>
      <Select value={props.value ?? ''} onChange={(_, d) => props.onChange(d.value || undefined)}>
        {props.allowAll !== false ? <option value="">All registers</option> : null}
        {props.data.registers.map((r) => (
          <option key={r.name} value={r.name}>
            {r.name} ({r.period.label})
          </option>
        ))}
      </Select>
    </Field>
  );
}
