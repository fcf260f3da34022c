/**
 * The sign-in button shown when silent sign-in needs the person (consent, MFA, first use outside
 * Teams). Pressing it opens MSAL's popup (through the host under Nested App Authentication), so no
 * page ever redirects to the sign-in page inside an iframe, where that page cannot render.
 */
import { Button } from '@fluentui/react-button';
import { Text } from '@fluentui/react-text';
import { useState } from 'react';
import { describeProblem } from '../lib/errors';

export function MicrosoftSignIn({ onSignIn }: { onSignIn: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12, alignItems: 'flex-start' }}>
      <Text as="h1" size={500} weight="semibold">
        Sign in to the risk register
      </Text>
      <Text>Your Microsoft 365 account is needed to read the register site.</Text>
      {failure ? <Text role="alert">Sign-in did not finish: {failure}</Text> : null}
      <Button
        appearance="primary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setFailure(undefined);
          onSignIn().then(
            () => setBusy(false),
            (err: unknown) => {
              setBusy(false);
              setFailure(describeProblem(err).message);
            },
          );
        }}
      >
        Sign in with Microsoft
      </Button>
    </div>
  );
}
