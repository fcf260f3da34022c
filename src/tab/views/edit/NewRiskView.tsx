/** Creating a risk: pick the register (its matrix drives the rating fields), then the risk form. */
import { Button, Text } from '@fluentui/react-components';
import { ArrowLeftRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { RegisterPicker } from '../../components/RegisterPicker';
import { takenReferences, type RegisterData } from '../../data/use-register-data';
import type { TabSession } from '../../host';
import { RiskForm } from './RiskForm';

export default function NewRiskView(props: {
  session: TabSession;
  data: RegisterData;
  register: string | undefined;
  onDone: (id: number, reference: string) => void;
  onCancel: () => void;
}) {
  const { data, session } = props;
  const [register, setRegister] = useState(props.register ?? data.registers[0]?.name);
  const summary = data.registers.find((r) => r.name === register);
  const people = [
    ...new Map(
      data.rows.flatMap((x) => [...x.risk.owners, ...x.risk.delegates]).map((p) => [p.name, p]),
    ).values(),
  ];
  const taken = takenReferences(data, register);
  return (
    <>
      <Button appearance="subtle" icon={<ArrowLeftRegular />} onClick={props.onCancel}>
        Back to the register
      </Button>
      <Text as="h1" size={700} weight="semibold" block>
        New risk
      </Text>
      <div style={{ marginBottom: 12 }}>
        <RegisterPicker data={data} value={register} allowAll={false} onChange={(r) => r && setRegister(r)} />
      </div>
      {summary ? (
        <RiskForm
          key={summary.name}
          store={session.store}
          user={session.user}
          settings={summary.settings}
          register={summary.name}
          people={people}
          takenReferences={taken}
          onSaved={(r) => props.onDone(r.id, r.reference)}
          onCancel={props.onCancel}
        />
      ) : (
        <Text>There is no register yet. A SharePoint admin provisions registers; see the README.</Text>
      )}
    </>
  );
}
