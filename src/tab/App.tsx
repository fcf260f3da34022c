/**
 * The register tab: header, navigation, and the view named in the URL. Heavy views (risk detail with
 * its forms and chart, settings) load on demand so the register appears quickly.
 */
import { Button } from '@fluentui/react-button';
import { FluentProvider } from '@fluentui/react-provider';
import { Text } from '@fluentui/react-text';
import { tokens } from '@fluentui/react-theme';
import { makeStyles, mergeClasses } from '@griffel/react';
import { AddRegular, NavigationRegular } from '@fluentui/react-icons';
import { Suspense, lazy } from 'react';
import { LazyErrorBar, LoadingSpinner } from './components/Feedback';
import { useSaveConfirmation } from './components/SavedToast';
import { useRegisterData } from './data/use-register-data';
import type { TabSession, ThemeName } from './host';
import { useFluentTheme } from './themes';
import { isNarrowNow, narrow, useNarrow } from './lib/layout';
import { canManageRegister, roleLabel } from './lib/permissions';
import { useTabLocation } from './lib/use-location';
import type { TabLocation, ViewName } from './lib/url-state';
import type { ViewTab } from './components/ViewMenu';
import { RegisterView } from './views/register/RegisterView';
import { summaryCovers } from './views/register/grid-rows';

const RiskDetailView = lazy(() => import('./views/detail/RiskDetailView'));
const NewRiskView = lazy(() => import('./views/edit/NewRiskView'));
const SettingsView = lazy(() => import('./views/settings/SettingsView'));
const ImportView = lazy(() => import('./views/import/ImportView'));
const SavedToaster = lazy(() => import('./components/SavedToaster'));
const ManagersOnly = lazy(() =>
  import('./components/ManagersOnly').then((m) => ({ default: m.ManagersOnly })),
);
// Not on the first screen (the register grid): fetched when first shown.
const HeatMapView = lazy(() =>
  import('./views/heatmap/HeatMapView').then((m) => ({ default: m.HeatMapView })),
);
const SummaryView = lazy(() =>
  import('./views/summary/SummaryView').then((m) => ({ default: m.SummaryView })),
);
const ReviewStatusView = lazy(() =>
  import('./views/review-status/ReviewStatusView').then((m) => ({ default: m.ReviewStatusView })),
);
// The view tabs and the narrow screen's view menu (with their focus-navigation, popover and positioning
// code) are not in the first render: their fetch starts as this module loads, alongside the first
// screen's two requests, so they are there by the time the register is. Only the one this screen
// shows is rendered and fetched (the other on first use, when a window is resized across the
// breakpoint).
const tabsCode = () => import('./components/ViewTabs');
const menuCode = () => import('./components/ViewMenu');
void (isNarrowNow() ? menuCode() : tabsCode());
const ViewTabs = lazy(() => tabsCode().then((m) => ({ default: m.ViewTabs })));
const ViewMenu = lazy(() => menuCode().then((m) => ({ default: m.ViewMenu })));
const RegisterActions = lazy(() =>
  import('./views/reports/RegisterActions').then((m) => ({ default: m.RegisterActions })),
);

const useStyles = makeStyles({
  root: {
    minHeight: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
    // A native select is as wide as its longest option (a preset's name, a sheet's header); on a narrow
    // screen fields and selects may shrink to their column instead of pushing the page sideways.
    [narrow]: {
      '& .fui-Field': { minWidth: 0, maxWidth: '100%' },
      '& .fui-Select, & select': { maxWidth: '100%', minWidth: 0 },
    },
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: '16px',
    padding: '10px 24px',
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    flexWrap: 'wrap',
    [narrow]: { padding: '8px 12px', gap: '8px' },
  },
  brand: { flexGrow: 1 },
  user: { textAlign: 'right' },
  nav: {
    padding: '0 16px',
    backgroundColor: tokens.colorNeutralBackground1,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    flexWrap: 'wrap',
    [narrow]: { padding: '6px 12px', gap: '8px' },
  },
  // Six tabs do not fit a narrow screen: there the views are a menu instead (only one is displayed).
  tabs: { [narrow]: { display: 'none' } },
  // The height of a medium TabList, held while its code arrives so the page does not jump.
  tabsPending: { minHeight: '44px' },
  viewMenu: { display: 'none', [narrow]: { display: 'inline-flex' } },
  main: { padding: '16px 24px', [narrow]: { padding: '12px' } },
  skip: {
    position: 'absolute',
    left: '-9999px',
    ':focus': {
      left: '8px',
      top: '8px',
      zIndex: 10,
      padding: '8px',
      backgroundColor: tokens.colorNeutralBackground1,
    },
  },
});

const tabs: ViewTab[] = [
  { view: 'register', label: 'Register' },
  { view: 'heatmap', label: 'Heat map' },
  { view: 'summary', label: 'Summary' },
  { view: 'reviews', label: 'Review status' },
  { view: 'settings', label: 'Settings' },
  { view: 'import', label: 'Import' },
];

/** Views only register managers are offered. */
const managerViews: ViewName[] = ['settings', 'import'];

/** What a manager-only route opens, for the refusal's heading. */
function managerRoute(location: ReturnType<typeof useTabLocation>[0]): string | undefined {
  if (location.edit === 'new') return 'The new-risk form';
  if (location.risk !== undefined) return undefined;
  if (location.view === 'settings') return 'Register settings';
  if (location.view === 'import') return 'Import';
  return undefined;
}

/** The tab, inside the Fluent theme the host reports. */
export function App({ session, theme }: { session: TabSession; theme: ThemeName }) {
  const fluentTheme = useFluentTheme(theme);
  return (
    <FluentProvider theme={fluentTheme}>
      <Shell session={session} />
    </FluentProvider>
  );
}

/**
 * Whether this view needs every risk's whole row (texts, people, review state): the summary, review
 * status, settings and import do, and the register with a filter or order the compact projection
 * cannot apply. The register, the heat map, a risk's detail and a new risk work from the projection
 * and the rows on screen, so a large register is not read whole to show them (issue 20).
 */
function needsEveryRow(location: TabLocation): boolean {
  if (location.risk !== undefined || location.edit !== undefined) return false;
  if (location.view === 'heatmap') return false;
  if (location.view === 'register') return !summaryCovers(location.filters, location.sort);
  return true;
}

function Shell({ session }: { session: TabSession }) {
  const styles = useStyles();
  const narrowScreen = useNarrow();
  const [location, navigate] = useTabLocation();
  const { state, reload } = useRegisterData(
    session.store,
    undefined,
    session.firstScreen,
    needsEveryRow(location),
  );
  const confirmSaved = useSaveConfirmation();
  const managing = canManageRegister(session.user);
  const manager = managing.allowed;
  const guarded = managerRoute(location);
  const visibleTabs = tabs.filter((t) => manager || !managerViews.includes(t.view));
  const selectedView = location.risk === undefined && location.edit === undefined ? location.view : 'none';
  const go = (view: ViewName) => navigate((l) => ({ ...l, view, risk: undefined, edit: undefined }));
  const closeDetail = () => navigate((l) => ({ ...l, risk: undefined, edit: undefined }));

  let content;
  // The route guard comes first: a refused route says why at once, before any data or form loads.
  if (guarded && !managing.allowed)
    content = (
      <ManagersOnly
        what={guarded}
        reason={managing.reason}
        onBack={() => navigate((l) => ({ ...l, view: 'register', risk: undefined, edit: undefined }))}
      />
    );
  else if (state.status === 'loading') content = <LoadingSpinner label="Loading the register" />;
  else if (state.status === 'error') content = <LazyErrorBar problem={state.problem} onRetry={reload} />;
  else {
    const data = state.data;
    const props = { data, location, navigate };
    if (location.edit === 'new')
      content = (
        <NewRiskView
          session={session}
          data={data}
          register={location.filters.register}
          onDone={(id, reference) => {
            confirmSaved(`${reference} created`, 'The new risk is in the register.');
            reload();
            navigate((l) => ({ ...l, edit: undefined, risk: id }));
          }}
          onCancel={closeDetail}
        />
      );
    else if (location.risk !== undefined)
      content = (
        <RiskDetailView
          key={location.risk}
          session={session}
          data={data}
          riskId={location.risk}
          onBack={closeDetail}
          onChanged={reload}
        />
      );
    else if (location.view === 'heatmap') content = <HeatMapView {...props} />;
    else if (location.view === 'summary') content = <SummaryView {...props} />;
    else if (location.view === 'reviews')
      content = <ReviewStatusView {...props} user={session.user} store={session.store} />;
    else if (location.view === 'settings')
      content = (
        <SettingsView session={session} data={data} register={location.filters.register} onSaved={reload} />
      );
    else if (location.view === 'import')
      content = (
        <ImportView session={session} data={data} register={location.filters.register} onImported={reload} />
      );
    else
      content = (
        <>
          <Suspense fallback={null}>
            <RegisterActions session={session} data={data} register={location.filters.register} />
          </Suspense>
          <RegisterView {...props} />
        </>
      );
  }

  return (
    <div className={styles.root}>
      <a href="#main" className={styles.skip}>
        Skip to content
      </a>
      <header className={styles.header}>
        <div className={styles.brand}>
          <Text as="h1" size={500} weight="bold" block>
            Risk register
          </Text>
          <Text size={200}>{session.hostLabel}</Text>
        </div>
        <div className={styles.user}>
          <Text block weight="semibold">
            {session.user.name}
          </Text>
          <Text size={200}>{roleLabel(session.user)}</Text>
        </div>
        {session.signOut ? <Button onClick={session.signOut}>Sign out</Button> : null}
      </header>
      <nav className={styles.nav} aria-label="Register views">
        {narrowScreen ? (
          <Suspense
            fallback={
              <Button className={styles.viewMenu} icon={<NavigationRegular />} disabled>
                Views
              </Button>
            }
          >
            <ViewMenu className={styles.viewMenu} tabs={visibleTabs} selected={selectedView} onSelect={go} />
          </Suspense>
        ) : (
          <Suspense fallback={<div className={mergeClasses(styles.tabs, styles.tabsPending)} />}>
            <ViewTabs className={styles.tabs} tabs={visibleTabs} selected={selectedView} onSelect={go} />
          </Suspense>
        )}
        {manager ? (
          <Button
            appearance="primary"
            icon={<AddRegular />}
            onClick={() => navigate((l) => ({ ...l, edit: 'new', risk: undefined }))}
          >
            New risk
          </Button>
        ) : null}
      </nav>
      <main id="main" className={styles.main} tabIndex={-1}>
        {state.status === 'ready' && state.refreshing && location.risk === undefined ? (
          // Rows arrive a page at a time after the first screen: say so, so nobody reads partial counts.
          // The heat map counts from the compact projection of every risk once that has arrived.
          <Text role="status" size={200} block>
            {location.view === 'heatmap' && state.data.summary
              ? `The heat map counts every risk; the register's rows are still loading (${state.data.rows.length} so far).`
              : `Loading the register: ${state.data.rows.length}${state.data.summary ? ` of ${state.data.summary.length}` : ''} risks so far; counts are not complete yet.`}
          </Text>
        ) : null}
        <Suspense fallback={<LoadingSpinner label="Loading the view" />}>{content}</Suspense>
      </main>
      <Suspense fallback={null}>
        <SavedToaster />
      </Suspense>
    </div>
  );
}
