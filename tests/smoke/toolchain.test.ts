import { spfi } from '@pnp/sp';
import '@pnp/sp/webs';
import { Template } from 'adaptivecards-templating';
import * as AC from 'adaptivecards';

describe('toolchain', () => {
  it('loads the ESM-only SharePoint client and the card libraries under jest', () => {
    expect(typeof spfi).toBe('function');
    const expanded = new Template({ type: 'TextBlock', text: '${name}' }).expand({ $root: { name: 'x' } });
    expect(expanded.text).toBe('x');
    expect(typeof AC.AdaptiveCard).toBe('function');
  });
});
