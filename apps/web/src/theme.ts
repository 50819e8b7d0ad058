import { createTheme, Menu, Modal, Popover, type CSSVariablesResolver } from '@mantine/core';

/**
 * Mantine defaults tuned for WCAG AA contrast on white: primary shade 8 (white text on blue-8 is 5:1),
 * darker "dimmed", error and link colours.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  focusRing: 'auto',
  respectReducedMotion: true,
  defaultRadius: 'sm',
  fontFamily:
    '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji"',
  // Calm and fast: no fade-in/out on overlays (also keeps half-transparent text out of contrast checks).
  components: {
    Modal: Modal.extend({ defaultProps: { transitionProps: { duration: 0 } } }),
    // The placeholder is a role=presentation element with tabindex, which axe reports as critical.
    Menu: Menu.extend({ defaultProps: { transitionProps: { duration: 0 }, withInitialFocusPlaceholder: false } }),
    Popover: Popover.extend({ defaultProps: { transitionProps: { duration: 0 } } }),
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-anchor': 'var(--mantine-color-blue-8)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
  },
  dark: {},
});
