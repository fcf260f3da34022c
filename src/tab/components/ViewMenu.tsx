/**
 * The views as a menu, for narrow screens, where six tabs do not fit. Loaded on demand by the shell
 * (App.tsx): the menu's popover and positioning code are not part of the first render.
 */
import { MenuButton } from '@fluentui/react-button';
import { Menu, MenuItemRadio, MenuList, MenuPopover, MenuTrigger } from '@fluentui/react-menu';
import { NavigationRegular } from '@fluentui/react-icons';
import type { ViewName } from '../lib/url-state';

/** One view the shell offers: its route name and its label. */
export type ViewTab = { view: ViewName; label: string };

/** The views as a menu, for narrow screens; the button names the view shown. */
export function ViewMenu(props: {
  className: string;
  tabs: ViewTab[];
  selected: ViewName | 'none';
  onSelect: (view: ViewName) => void;
}) {
  const current = props.tabs.find((t) => t.view === props.selected);
  return (
    <Menu
      checkedValues={{ view: current ? [current.view] : [] }}
      onCheckedValueChange={(_, d) => {
        const view = d.checkedItems[0] as ViewName | undefined;
        if (view) props.onSelect(view);
      }}
    >
      <MenuTrigger disableButtonEnhancement>
        <MenuButton className={props.className} icon={<NavigationRegular />}>
          {current ? `View: ${current.label}` : 'Views'}
        </MenuButton>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {props.tabs.map((t) => (
            <MenuItemRadio key={t.view} name="view" value={t.view}>
              {t.label}
            </MenuItemRadio>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
