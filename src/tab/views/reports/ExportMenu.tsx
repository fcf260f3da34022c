/** The register's export menu: the whole register or this period's reviews, as Excel or CSV, for everyone. */
import {
  Menu,
  MenuButton,
  MenuGroup,
  MenuGroupHeader,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
} from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { Fragment, useState } from 'react';
import type { RegisterData } from '../../data/use-register-data';
import { describeProblem } from '../../lib/errors';
import { downloadFile } from './download';
import { buildExport, exportChoices, type ExportKind } from './export-files';

type Status =
  | { state: 'idle' }
  | { state: 'busy'; label: string }
  | { state: 'done'; fileName: string }
  | { state: 'failed'; message: string };

/** `register` narrows the menu to one register; otherwise each register has its own group. */
export function ExportMenu({ data, register }: { data: RegisterData; register: string | undefined }) {
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const registers = register ? [register] : data.registers.map((r) => r.name);

  async function run(name: string, kind: ExportKind, label: string) {
    setStatus({ state: 'busy', label: `Preparing ${name}: ${label}…` });
    try {
      const file = await buildExport(data, name, kind);
      downloadFile(file.content, file.fileName, file.type);
      setStatus({ state: 'done', fileName: file.fileName });
    } catch (err) {
      const problem = describeProblem(err);
      setStatus({ state: 'failed', message: `Could not export ${name}: ${problem.message}` });
    }
  }

  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <MenuButton icon={<ArrowDownloadRegular />} disabled={status.state === 'busy'}>
            Export
          </MenuButton>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {registers.map((name) => (
              <Fragment key={name}>
                <MenuGroup aria-label={name}>
                  {registers.length > 1 ? <MenuGroupHeader>{name}</MenuGroupHeader> : null}
                  {exportChoices.map((c) => (
                    <MenuItem key={c.kind} onClick={() => void run(name, c.kind, c.label)}>
                      {registers.length > 1 ? `${name}: ${c.label}` : c.label}
                    </MenuItem>
                  ))}
                </MenuGroup>
              </Fragment>
            ))}
          </MenuList>
        </MenuPopover>
      </Menu>
      <div aria-live="polite">
        {status.state === 'busy' ? <Spinner size="tiny" label={status.label} labelPosition="after" /> : null}
        {status.state === 'done' ? <Text size={200}>Downloaded {status.fileName}</Text> : null}
      </div>
      {status.state === 'failed' ? (
        <MessageBar intent="error">
          <MessageBarBody>{status.message}</MessageBarBody>
        </MessageBar>
      ) : null}
    </div>
  );
}
