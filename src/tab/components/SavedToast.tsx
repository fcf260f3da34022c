/**
 * Save confirmations: a Fluent toast, which Fluent's Toaster also announces through its own polite
 * live region, so a screen reader hears "Saved" without focus moving. One toaster for the tab.
 */
import { Toast, ToastBody, ToastTitle, useToastController } from '@fluentui/react-components';
import { useCallback } from 'react';

/** The id of the tab's one toaster (SavedToaster.tsx, loaded after the first screen). */
export const toasterId = 'risk-register-saved';

/** A function that confirms a save: `confirm('CRR01 saved', 'Your changes are in the register.')`. */
export function useSaveConfirmation() {
  const { dispatchToast } = useToastController(toasterId);
  return useCallback(
    (title: string, body?: string) =>
      dispatchToast(
        <Toast>
          <ToastTitle>{title}</ToastTitle>
          {body ? <ToastBody>{body}</ToastBody> : null}
        </Toast>,
        { intent: 'success', politeness: 'polite', timeout: 6000 },
      ),
    [dispatchToast],
  );
}
