/**
 * The floor for the bundle-size comparison: the smallest useful Fluent UI v9 app (provider, theme,
 * a heading and a button), built with the tab's own esbuild settings.
 */
import { Button, FluentProvider, Text, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <FluentProvider theme={webLightTheme}>
      <Text as="h1" size={800} weight="bold">
        Risk register
      </Text>
      <Button appearance="primary">Open</Button>
    </FluentProvider>,
  );
}
