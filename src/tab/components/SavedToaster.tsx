/**
 * The tab's one toaster for save confirmations (see SavedToast.tsx). Its own module so the shell can
 * load it after the first screen: nobody has saved anything before then.
 */
import { Toaster } from '@fluentui/react-components';
import { toasterId } from './SavedToast';

export default function SavedToaster() {
  return <Toaster toasterId={toasterId} position="bottom" pauseOnHover pauseOnWindowBlur />;
}
