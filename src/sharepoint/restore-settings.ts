/**
 * A settings item restored and validated (the settings codec's zod schema). Its own module, so the
 * tab's first render does not carry zod: the first screen's readers load it with `settingsRestorer`
 * (src/sharepoint/store-context.ts), and the tab starts that fetch as it loads, beside its first
 * requests (src/server/tab-entry.tsx).
 */
import { StoredDataError } from './errors';
import type { Stored } from '../ports';
import type { RegisterSettings } from '../domain/types';
import { envelope, str, type Item } from './restore';
import { F, ListTitles } from './schema';
import { parseSettingsJson } from './settings-codec';

/** Settings item -> settings; corrupt JSON is an error, never silently replaced by defaults. */
export function restoreSettings(item: Item): Stored<RegisterSettings> {
  const env = envelope(item);
  const register = str(item[F.settings.register]);
  const parsed = parseSettingsJson(str(item[F.settings.json]));
  if (!parsed.ok) {
    throw new StoredDataError(
      `The settings of register '${register}' (list ${ListTitles.settings}, item ${env.id}) are not valid: ` +
        `${parsed.problems.join('; ')}. Fix the JSON in the SettingsJson column or save the settings again from ` +
        'the settings view; nothing was overwritten.',
      parsed.problems,
    );
  }
  return { ...parsed.value, register: parsed.value.register || register, ...env };
}
