/** The register's toolbar: exports for everyone, the committee paper for register managers. */
import { makeStyles } from '@fluentui/react-components';
import type { RegisterData } from '../../data/use-register-data';
import type { TabSession } from '../../host';
import { canManageRegister } from '../../lib/permissions';
import { CommitteePaperDialog } from './CommitteePaperDialog';
import { ExportMenu } from './ExportMenu';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap', marginBottom: '12px' },
});

export function RegisterActions(props: {
  session: TabSession;
  data: RegisterData;
  register: string | undefined;
}) {
  const styles = useStyles();
  const manager = canManageRegister(props.session.user).allowed;
  return (
    <div className={styles.bar} role="group" aria-label="Register reports and exports">
      <ExportMenu data={props.data} register={props.register} />
      {manager ? (
        <CommitteePaperDialog store={props.session.store} data={props.data} register={props.register} />
      ) : null}
    </div>
  );
}
