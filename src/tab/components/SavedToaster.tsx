/**
 * The tab's one toaster for save confirmations (see SavedToast.tsx). Its own module so the shell can
 * load it after the first screen: nobody has saved anything before then.
 */
import { Toast, ToastBody, ToastTitle, Toaster, useToastController } from '@fluentui/react-components';
import { useEffect } from 'react';
import { attachSavedToaster, toasterId } from './SavedToast';

export default function SavedToaster() {
  const { dispatchToast } = useToastController(toasterId);
  useEffect(
    () =>
      attachSavedToaster(({ title, body }) =>
        dispatchToast(
          <Toast>
            <ToastTitle>{title}</ToastTitle>
            {body ? <ToastBody>{body}</ToastBody> : null}
          </Toast>,
          { intent: 'success', politeness: 'polite', timeout: 6000 },
        ),
      ),
    [dispatchToast],
  );
  return <Toaster toasterId={toasterId} position="bottom" pauseOnHover pauseOnWindowBlur />;
}
