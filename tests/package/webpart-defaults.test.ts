/** @jest-environment jsdom */
import { applyDefaults } from '../../webparts/app/register-app';

describe('web part defaults', () => {
  it('opens the configured register and view when the page URL names none', () => {
    expect(applyDefaults('', 'Strategic', 'heatmap')).toBe('?view=heatmap&register=Strategic');
    expect(applyDefaults('', '', 'register')).toBe('');
  });

  it('keeps what a shared link asks for and the page query SharePoint uses', () => {
    expect(applyDefaults('?view=summary&register=Adults', 'Strategic', 'heatmap')).toBe(
      '?view=summary&register=Adults',
    );
    expect(applyDefaults('?env=WebView', 'Strategic', 'register')).toBe('?env=WebView&register=Strategic');
  });
});
