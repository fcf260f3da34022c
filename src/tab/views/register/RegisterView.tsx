/** The register: filter bar, a count of what is shown, and the grid (or an empty state). */
import { Button } from '@fluentui/react-button';
import { Text } from '@fluentui/react-text';
import { tokens } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import { Suspense, lazy } from 'react';
import { EmptyState, LoadingSpinner } from '../../components/Feedback';
import type { RegisterData } from '../../data/use-register-data';
import type { Navigate } from '../../lib/use-location';
import type { TabLocation } from '../../lib/url-state';
import { isNarrowNow, narrow, useNarrow } from '../../lib/layout';
import { RegisterGrid } from './RegisterGrid';
import { useRegisterPage } from './use-register-page';

// The filter bar (search box, selects, switch: 13 KiB gzip of Fluent fields) is not in the first render.
// Its options come from the rows, so it is drawn with them; its fetch starts as this module loads,
// alongside the first screen's two requests, and is done before the rows arrive.
const filtersCode = import('./RegisterFilters');
const RegisterFilters = lazy(() => filtersCode.then((m) => ({ default: m.RegisterFilters })));
// The cards are the register on a narrow screen, the grid on a wide one: each device's first render
// carries its own. The cards' fetch starts at once when the screen is narrow as the tab opens, and on
// first use when a window narrows later.
const cardsCode = () => import('./RegisterCards');
if (isNarrowNow()) void cardsCode();
const RegisterCards = lazy(() => cardsCode().then((m) => ({ default: m.RegisterCards })));

const useStyles = makeStyles({
  count: { display: 'block', marginBottom: '8px', color: tokens.colorNeutralForeground2 },
  // The bar's height (a labelled field and its padding; the Filters button on a narrow screen), held
  // while its code arrives so the grid does not move down when it appears.
  problem: { display: 'flex', flexWrap: 'wrap', gap: '8px', alignItems: 'center', marginBottom: '8px' },
  filtersSpace: { minHeight: '92px', [narrow]: { minHeight: '40px' } },
});

export function RegisterView(props: { data: RegisterData; location: TabLocation; navigate: Navigate }) {
  const styles = useStyles();
  const page = useRegisterPage(props.data, props.location, props.navigate);
  // Nine columns do not fit a narrow screen: there each risk is a card (the same rows and order).
  const List = useNarrow() ? RegisterCards : RegisterGrid;
  return (
    <section aria-label="Register">
      <Suspense fallback={<div className={styles.filtersSpace} />}>
        <RegisterFilters
          filters={page.filters}
          options={page.options}
          onChange={page.setFilters}
          onClear={page.clearFilters}
          cellText={page.cellText}
          {...(page.onNeedAll ? { onNeedAll: page.onNeedAll } : {})}
        />
      </Suspense>
      <Text className={styles.count} role="status">
        Showing {page.visible.length.toLocaleString('en-GB')} of {page.all.length.toLocaleString('en-GB')}{' '}
        risks
      </Text>
      {props.data.readProblem ? (
        <div role="alert" className={styles.problem}>
          <Text>Some risks on screen could not be read: {props.data.readProblem.message}</Text>
          {props.data.retryRows ? <Button onClick={props.data.retryRows}>Read them again</Button> : null}
        </div>
      ) : null}
      {page.all.length === 0 ? (
        <EmptyState title="This register has no risks yet">
          <Text>Register managers can add the first risk with “New risk”.</Text>
        </EmptyState>
      ) : page.visible.length === 0 ? (
        <EmptyState title="No risks match these filters">
          <Button onClick={page.clearFilters}>Clear filters</Button>
        </EmptyState>
      ) : (
        <Suspense fallback={<LoadingSpinner label="Loading the register" />}>
          <List
            rows={page.visible}
            sort={page.sort}
            onSort={page.toggleSort}
            onOpen={page.openRisk}
            label={`Risk register, ${page.visible.length} risks`}
            onShown={page.onShown}
          />
        </Suspense>
      )}
    </section>
  );
}
