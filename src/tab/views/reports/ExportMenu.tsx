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
import { Fragment, useCallback, useEffect, useState } from 'react';
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

  const run = useCallback(
    async (name: string, kind: ExportKind, label: string) => {
      setStatus({ state: 'busy', label: `Preparing ${name}: ${label}…` });
      try {
        const file = await buildExport(data, name, kind);
        downloadFile(file.content, file.fileName, file.type);
        setStatus({ state: 'done', fileName: file.fileName });
      } catch (err) {
        const problem = describeProblem(err);
        setStatus({ state: 'failed', message: `Could not export ${name}: ${problem.message}` });
      }
    },
    [data],
  );

  // An export is of every risk: one asked for while rows remain unread waits until they are read.
  const [queued, setQueued] = useState<{ name: string; kind: ExportKind; label: string } | undefined>();
  useEffect(() => {
    if (!queued || data.partial) return;
    setQueued(undefined);
    void run(queued.name, queued.kind, queued.label);
  }, [queued, data.partial, run]);
  const ask = (name: string, kind: ExportKind, label: string) => {
    if (!data.partial) return void run(name, kind, label);
    data.readAll?.();
    setQueued({ name, kind, label });
    setStatus({ state: 'busy', label: `Reading every risk of the register before exporting ${name}…` });
  };

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
                    <MenuItem key={c.kind} onClick={() => ask(name, c.kind, c.label)}>
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
