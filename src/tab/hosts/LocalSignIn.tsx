/** The local stack's sign-in: pick one of the demo people, so every role can be tried. */
import {
  Avatar,
  Button,
  Card,
  CardHeader,
  FluentProvider,
  Text,
  makeStyles,
} from '@fluentui/react-components';
import { tokens } from '@fluentui/react-theme';
import type { DemoPerson } from './runtime-config';
import type { ThemeName } from '../host';
import { useFluentTheme } from '../themes';

const useStyles = makeStyles({
  page: {
    minHeight: '100vh',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    padding: '48px 16px',
    gap: '16px',
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
  list: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))',
    gap: '12px',
    width: 'min(880px, 100%)',
  },
  card: { padding: '12px' },
});

const roleText: Record<DemoPerson['role'], string> = {
  manager: 'Register manager: edits everything',
  owner: 'Risk owner: reviews own risks',
  read: 'Read-only member',
};

export function LocalSignIn(props: {
  people: DemoPerson[];
  theme: ThemeName;
  onChoose: (p: DemoPerson) => void;
}) {
  const styles = useStyles();
  const theme = useFluentTheme(props.theme);
  return (
    <FluentProvider theme={theme}>
      <main className={styles.page}>
        <Text as="h1" size={800} weight="bold">
          Risk register
        </Text>
        <Text as="p" size={400}>
          Local demo: choose who to sign in as. Each person has a different role on the register site.
        </Text>
        <ul className={styles.list} aria-label="Demo people" style={{ listStyle: 'none', padding: 0 }}>
          {props.people.map((p) => (
            <li key={p.email}>
              <Card className={styles.card}>
                <CardHeader
                  image={<Avatar name={p.name} color="colorful" />}
                  header={<Text weight="semibold">{p.name}</Text>}
                  description={<Text size={200}>{p.jobTitle}</Text>}
                />
                <Text size={200}>{roleText[p.role]}</Text>
                <Button
                  appearance="primary"
                  onClick={() => props.onChoose(p)}
                  aria-label={`Sign in as ${p.name}`}
                >
                  Sign in as {p.name.split(' ')[0]}
                </Button>
              </Card>
            </li>
          ))}
        </ul>
      </main>
    </FluentProvider>
  );
}
