/** The register: filter bar, a count of what is shown, and the grid (or an empty state). */
import { Button } from '@fluentui/react-button';
import { Text } from '@fluentui/react-text';
import { tokens } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import { EmptyState } from '../../components/Feedback';
import type { RegisterData } from '../../data/use-register-data';
import type { Navigate } from '../../lib/use-location';
import type { TabLocation } from '../../lib/url-state';
import { useNarrow } from '../../lib/layout';
import { RegisterCards } from './RegisterCards';
import { RegisterFilters } from './RegisterFilters';
import { RegisterGrid } from './RegisterGrid';
import { useRegisterPage } from './use-register-page';

const useStyles = makeStyles({
  count: { display: 'block', marginBottom: '8px', color: tokens.colorNeutralForeground2 },
});

export function RegisterView(props: { data: RegisterData; location: TabLocation; navigate: Navigate }) {
  const styles = useStyles();
  const page = useRegisterPage(props.data, props.location, props.navigate);
  // Nine columns do not fit a narrow screen: there each risk is a card (the same rows and order).
  const List = useNarrow() ? RegisterCards : RegisterGrid;
  return (
    <section aria-label="Register">
      <RegisterFilters
        filters={page.filters}
        options={page.options}
        onChange={page.setFilters}
        onClear={page.clearFilters}
        cellText={page.cellText}
      />
      <Text className={styles.count} role="status">
        Showing {page.visible.length.toLocaleString('en-GB')} of {page.all.length.toLocaleString('en-GB')}{' '}
        risks
      </Text>
      {page.all.length === 0 ? (
        <EmptyState title="This register has no risks yet">
          <Text>Register managers can add the first risk with “New risk”.</Text>
        </EmptyState>
      ) : page.visible.length === 0 ? (
        <EmptyState title="No risks match these filters">
          <Button onClick={page.clearFilters}>Clear filters</Button>
        </EmptyState>
      ) : (
        <List
          rows={page.visible}
          sort={page.sort}
          onSort={page.toggleSort}
          onOpen={page.openRisk}
          label={`Risk register, ${page.visible.length} risks`}
        />
      )}
    </section>
  );
}
