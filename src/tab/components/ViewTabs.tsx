/**
 * The register's views as tabs (wide screens). Loaded on demand by the shell (App.tsx): Fluent's
 * TabList brings Tabster's arrow-key navigation, which nothing else on the first screen needs.
 */
import { Tab, TabList } from '@fluentui/react-tabs';
import type { ViewName } from '../lib/url-state';
import type { ViewTab } from './ViewMenu';

/** The tabs; `selected` is 'none' when a risk or form is open instead of a view. */
export function ViewTabs(props: {
  className: string;
  tabs: ViewTab[];
  selected: ViewName | 'none';
  onSelect: (view: ViewName) => void;
}) {
  return (
    <TabList
      className={props.className}
      selectedValue={props.selected}
      onTabSelect={(_, d) => props.onSelect(d.value as ViewName)}
    >
      {props.tabs.map((t) => (
        <Tab key={t.view} value={t.view}>
          {t.label}
        </Tab>
      ))}
    </TabList>
  );
}
