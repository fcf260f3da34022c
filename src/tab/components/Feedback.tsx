/**
 * The states the first screen shares: a spinner while data loads and an empty state. The message
 * bars (errors, warnings) and the skeleton rows are in `Banners.tsx`, loaded with the views that use
 * them, so the register's first render does not carry them.
 */
import { Spinner } from '@fluentui/react-spinner';
import { Text } from '@fluentui/react-text';
import { tokens } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import { lazy, type ReactNode } from 'react';

const useStyles = makeStyles({
  spinner: { padding: '24px 0' },
  empty: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: '8px',
    padding: '48px 16px',
    textAlign: 'center',
    color: tokens.colorNeutralForeground2,
  },
});

/** A spinner with its label while data or a view's code loads (a progress bar to screen readers). */
export function LoadingSpinner({ label }: { label: string }) {
  const styles = useStyles();
  return <Spinner className={styles.spinner} label={label} />;
}

/** The error bar, loaded when a first-screen error needs it (inside a Suspense boundary). */
export const LazyErrorBar = lazy(() => import('./Banners').then((m) => ({ default: m.ErrorBar })));

/** What to show when there is nothing to show, and what to do about it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.empty} role="status">
      <Text weight="semibold" size={400}>
        {title}
      </Text>
      {children}
    </div>
  );
}
