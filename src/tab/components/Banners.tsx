/** Message bars (an error with retry, a titled banner) and skeleton rows, for the views that load on demand. */
import { Button } from '@fluentui/react-button';
import { MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-message-bar';
import { Skeleton, SkeletonItem } from '@fluentui/react-skeleton';
import { makeStyles } from '@griffel/react';
import type { ReactNode } from 'react';
import { visuallyHidden } from '../lib/layout';
import { useReveal } from '../lib/use-reveal';
import type { Problem } from '../lib/errors';

const useStyles = makeStyles({
  skeleton: { display: 'flex', flexDirection: 'column', gap: '10px', padding: '12px 0' },
  hidden: visuallyHidden,
});

/** Placeholder rows while data loads; announced once to screen readers. */
export function LoadingSkeleton({ label, rows = 8 }: { label: string; rows?: number }) {
  const styles = useStyles();
  return (
    <Skeleton aria-label={label} className={styles.skeleton} role="progressbar" aria-busy="true">
      {Array.from({ length: rows }, (_, i) => (
        <SkeletonItem key={i} size={24} />
      ))}
    </Skeleton>
  );
}

/**
 * A message bar's title. Fluent announces the bar's body as one text and names the bar by its title;
 * a sentence break (read, not shown) keeps the title from running into the first words of the body.
 */
export function BannerTitle({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return (
    <>
      <MessageBarTitle>{children}</MessageBarTitle>
      <span className={styles.hidden}>. </span>
    </>
  );
}

/**
 * An error bar naming the problem, with Retry when the action can be repeated. `reveal`: the outcome
 * of what the person just did (a refused save), so it scrolls into view and takes focus.
 */
export function ErrorBar({
  problem,
  onRetry,
  reveal = false,
}: {
  problem: Problem;
  onRetry?: () => void;
  reveal?: boolean;
}) {
  const ref = useReveal<HTMLDivElement>(reveal);
  return (
    <MessageBar intent="error" layout="multiline" ref={ref} tabIndex={reveal ? -1 : undefined}>
      <MessageBarBody>
        <BannerTitle>{problem.title}</BannerTitle>
        {problem.message}
      </MessageBarBody>
      {onRetry ? (
        <MessageBarActions>
          <Button onClick={onRetry}>Retry</Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}
